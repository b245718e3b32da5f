package ru.civicpulse.reporting.readmodel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import ru.civicpulse.common.outbox.Outbox;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.reporting.routing.Router;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the read model up to date from {@code civic.messages.classified.v1}. One database
 * transaction per poll batch: facts, rollups and distinct authors move together, so a crash
 * replays the batch and the upsert-by-freshness makes the replay harmless. A record that cannot be
 * read is parked on the dead-letter topic alone, through the outbox in the batch's transaction (so
 * it is kept even though the batch's offsets commit while the broker is away); a failing batch is
 * dead-lettered by the channel. The batch's residents' messages are routed to their executors in the
 * same transaction ({@link Router}).
 */
@ApplicationScoped
public class ClassifiedConsumer {
    private static final Logger LOG = Logger.getLogger(ClassifiedConsumer.class);
    static final String DEAD_LETTER_TOPIC = Topics.deadLetter(Topics.MESSAGES_CLASSIFIED, "reporting");

    @Inject
    ReadModelRepository repository;

    @Inject
    Outbox outbox;

    @Inject
    Router router;

    private final Counter applied;
    private final Counter stale;
    private final Counter rejected;

    @Inject
    public ClassifiedConsumer(MeterRegistry registry) {
        applied = registry.counter("civicpulse.reporting.messages", "outcome", "applied");
        stale = registry.counter("civicpulse.reporting.messages", "outcome", "stale");
        rejected = registry.counter("civicpulse.reporting.messages", "outcome", "dead-lettered");
    }

    @Incoming("classified")
    @Blocking
    @Transactional
    public void consume(ConsumerRecords<String, String> records) throws SQLException {
        List<MessageClassified> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(read(record.value()));
            } catch (Exception e) {
                park(record, e);
            }
        }
        ReadModelRepository.Batch batch = repository.newBatch();
        ReadModelRepository.Outcome outcome = repository.apply(events, batch);
        applied.increment(outcome.applied());
        stale.increment(outcome.stale());
        repository.flush(batch);
        router.routeArrivals(outcome.stored());
    }

    /** A record's value as an event the read model can apply; throws when it is unreadable or incomplete. */
    static MessageClassified read(String value) throws Exception {
        MessageClassified event = EventJson.mapper().readValue(value, MessageClassified.class);
        validate(event);
        return event;
    }

    private static void validate(MessageClassified m) {
        if (m == null || m.messageId() == null || m.source() == null || m.kind() == null
                || m.publishedAt() == null || m.municipality() == null || m.municipality().isBlank()
                || m.topic() == null || m.topic().group() == null || m.modelVersion() == null
                || m.classifiedAt() == null) {
            throw new IllegalArgumentException("missing required fields");
        }
    }

    private void park(ConsumerRecord<String, String> record, Exception reason) {
        rejected.increment();
        LOG.warnf("Dead-lettering unreadable classified record %s-%d@%d: %s",
                record.topic(), record.partition(), record.offset(), reason.getMessage());
        outbox.deadLetter(DEAD_LETTER_TOPIC, record, reason);
    }
}
