package ru.civicpulse.classification.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import ru.civicpulse.classification.domain.ClassificationMetrics;
import ru.civicpulse.classification.domain.ClassificationService;
import ru.civicpulse.classification.persistence.MessageRepository;
import ru.civicpulse.common.outbox.Outbox;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Topics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Classifies ingested messages a batch at a time, in one transaction per batch: the processed
 * event ids, the results and their outbox rows commit together. A record that cannot be read
 * (or analysed) is parked on the dead-letter topic through the same outbox, so it never blocks
 * its partition and is never lost.
 */
@ApplicationScoped
public class IngestedConsumer {
    private static final Logger LOG = Logger.getLogger(IngestedConsumer.class);
    static final String CONSUMER = "classification";
    static final String DEAD_LETTER_TOPIC = Topics.deadLetter(Topics.MESSAGES_INGESTED, CONSUMER);

    @Inject
    ClassificationService classification;

    @Inject
    MessageRepository messages;

    @Inject
    Outbox outbox;

    @Inject
    ClassificationMetrics metrics;

    @Incoming("ingested")
    @Blocking
    @Transactional
    public void consume(ConsumerRecords<String, String> records) {
        List<MessageIngested> parsed = new ArrayList<>(records.count());
        Map<MessageIngested, ConsumerRecord<String, String>> origin = new IdentityHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            MessageIngested message;
            try {
                message = parse(record.value());
            } catch (IllegalArgumentException e) {
                deadLetter(record, e);
                continue;
            }
            parsed.add(message);
            origin.put(message, record);
        }
        // Re-deliveries are skipped; an event id twice in the batch counts once, at its first record.
        Set<UUID> fresh = messages.markProcessed(parsed.stream().map(MessageIngested::eventId).toList(), CONSUMER);
        Set<UUID> taken = new HashSet<>();
        List<MessageIngested> batch = parsed.stream().filter(m -> fresh.contains(m.eventId()) && taken.add(m.eventId())).toList();
        if (!batch.isEmpty()) {
            ClassificationService.Outcome outcome = classification.classifyAll(batch, true,
                    (message, e) -> deadLetter(origin.get(message), e));
            LOG.debugf("Batch of %d: %s", records.count(), outcome);
        }
    }

    static MessageIngested parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty record");
        }
        MessageIngested m;
        try {
            m = EventJson.mapper().readValue(value, MessageIngested.class);
        } catch (JsonProcessingException e) {
            // not Jackson's message: it echoes pieces of the record, i.e. of a resident's text, into the logs
            var at = e.getLocation();
            throw new IllegalArgumentException("not a MessageIngested event: unreadable JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
        List<String> missing = new ArrayList<>();
        if (m.eventId() == null) {
            missing.add("eventId");
        }
        if (m.messageId() == null) {
            missing.add("messageId");
        }
        if (m.text() == null) {
            missing.add("text");
        }
        if (m.municipality() == null || m.municipality().isBlank()) {
            missing.add("municipality");
        }
        if (m.publishedAt() == null) {
            missing.add("publishedAt");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing fields: " + String.join(", ", missing));
        }
        return m;
    }

    private void deadLetter(ConsumerRecord<String, String> record, Exception reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason.getMessage());
        outbox.deadLetter(DEAD_LETTER_TOPIC, record, reason);
        metrics.deadLettered("ingested");
    }
}
