package ru.civicpulse.ingestion;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.TestKafka;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Follows the ingested topic from the beginning, as a downstream service would, and answers with
 * the events of the messages a test cares about (matched by record key).
 */
public final class TopicProbe implements AutoCloseable {
    private final Set<String> wanted;
    private final ConsumerTask<String, String> follower = TestKafka.follow(Topics.MESSAGES_INGESTED);

    public TopicProbe(Collection<UUID> messageIds) {
        wanted = Set.copyOf(messageIds.stream().map(UUID::toString).toList());
    }

    /** Events of the wanted messages published so far (everything up to the current end of the topic). */
    public List<MessageIngested> events() {
        follower.awaitRecords(Math.toIntExact(TestKafka.recordCount(Topics.MESSAGES_INGESTED)), Duration.ofSeconds(60));
        return follower.getRecords().stream().filter(r -> wanted.contains(r.key())).map(TopicProbe::parse).toList();
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
