package ru.civicpulse.reporting.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.reporting.persistence.ReadModelRepository;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * Keeps the read model up to date from {@code civic.messages.classified.v1}. One database
 * transaction per poll batch: facts, rollups and distinct authors move together, so a crash
 * replays the batch and the upsert-by-freshness makes the replay harmless. A record that cannot be
 * read is parked on the dead-letter topic alone; a failing batch is dead-lettered by the channel.
 */
@ApplicationScoped
public class ClassifiedConsumer {
    private static final Logger LOG = Logger.getLogger(ClassifiedConsumer.class);

    @Inject
    ReadModelRepository repository;

    @Inject
    @Channel("classified-dlq")
    Emitter<String> deadLetters;

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
        ReadModelRepository.Batch batch = repository.newBatch();
        for (ConsumerRecord<String, String> record : records) {
            MessageClassified event;
            try {
                event = EventJson.mapper().readValue(record.value(), MessageClassified.class);
                validate(event);
            } catch (Exception e) {
                park(record, e);
                continue;
            }
            if (repository.apply(event, batch)) {
                applied.increment();
            } else {
                stale.increment();
            }
        }
        repository.flush(batch);
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
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", String.valueOf(reason.getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        deadLetters.send(Message.of(record.value() == null ? "" : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build()));
    }
}
