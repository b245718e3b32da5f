package ru.civicpulse.ingestion;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.TestDatabase;
import ru.civicpulse.testsupport.TestKafka;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Follows the ingested topic, as a downstream service would, and answers with the events of the
 * messages a test cares about (matched by record key). It reads from the moment the first of them
 * was taken in: every publication of a message comes after that, and the hundred thousand records of
 * earlier tests are not read again for every probe.
 */
public final class TopicProbe implements AutoCloseable {
    /** Clock steps between the service's receipt and the producer's record time. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final Set<String> wanted;
    private final Map<TopicPartition, Long> from;
    private final ConsumerTask<String, String> follower;

    public TopicProbe(Collection<UUID> messageIds) {
        wanted = Set.copyOf(messageIds.stream().map(UUID::toString).toList());
        from = TestKafka.offsetsSince(Topics.MESSAGES_INGESTED, firstReceived(messageIds).minus(MARGIN));
        follower = TestKafka.follow(from);
    }

    /** Events of the wanted messages published so far (everything up to the current end of the topic). */
    public List<MessageIngested> events() {
        follower.awaitRecords(Math.toIntExact(TestKafka.recordCountAfter(from)), Duration.ofSeconds(60));
        return follower.getRecords().stream().filter(r -> wanted.contains(r.key())).map(TopicProbe::parse).toList();
    }

    /** When ingestion stored the first of these messages (one query); now if none is stored yet. */
    private static Instant firstReceived(Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Instant.now();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(messageIds.size(), "?"));
        Object first = TestDatabase.rows("select min(received_at) first from messages where id in (" + marks + ")",
                messageIds.toArray()).get(0).get("first");
        return first == null ? Instant.now() : ((java.sql.Timestamp) first).toInstant();
    }

    private static MessageIngested parse(ConsumerRecord<String, String> record) {
        try {
            MessageIngested event = EventJson.mapper().readValue(record.value(), MessageIngested.class);
            if (!record.key().equals(event.messageId().toString())) {
                throw new AssertionError("record key " + record.key() + " is not the messageId " + event.messageId());
            }
            return event;
        } catch (IOException e) {
            throw new AssertionError("unreadable event " + record.value(), e);
        }
    }

    @Override
    public void close() {
        follower.stop();
    }
}
