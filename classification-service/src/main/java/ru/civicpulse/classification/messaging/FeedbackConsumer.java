package ru.civicpulse.classification.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import ru.civicpulse.classification.domain.ClassificationMetrics;
import ru.civicpulse.classification.domain.ClassificationService;
import ru.civicpulse.classification.persistence.FeedbackRepository;
import ru.civicpulse.common.outbox.Outbox;
import ru.civicpulse.contracts.ClassificationFeedback;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.Topics;

/**
 * Keeps analysts' corrections as labelled examples, once per event id, and publishes the corrected
 * classification of the message. An unreadable event is
 * parked on its dead-letter topic through the outbox, in the same transaction, so it is kept even
 * if the broker is away when the offset commits.
 */
@ApplicationScoped
public class FeedbackConsumer {
    private static final Logger LOG = Logger.getLogger(FeedbackConsumer.class);
    static final String DEAD_LETTER_TOPIC = Topics.deadLetter(Topics.CLASSIFICATION_FEEDBACK, IngestedConsumer.CONSUMER);

    @Inject
    FeedbackRepository feedback;

    @Inject
    ClassificationMetrics metrics;

    @Inject
    Outbox outbox;

    @Inject
    ClassificationService classification;

    @Incoming("feedback")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) {
        ClassificationFeedback f;
        try {
            f = parse(record.value());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            outbox.deadLetter(DEAD_LETTER_TOPIC, record, e);
            metrics.deadLettered("feedback");
            return;
        }
        if (feedback.insert(f)) {
            classification.publishCorrection(f);
        }
    }

    static ClassificationFeedback parse(String value) {
        ClassificationFeedback f;
        try {
            f = EventJson.mapper().readValue(value == null ? "" : value, ClassificationFeedback.class);
        } catch (JsonProcessingException e) {
            // not Jackson's message: it echoes pieces of the record into the logs
            var at = e.getLocation();
            throw new IllegalArgumentException("not a ClassificationFeedback event: unreadable JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
        if (f == null || f.eventId() == null || f.text() == null || f.text().isBlank() || f.group() == null || f.group().isBlank()) {
            throw new IllegalArgumentException("a feedback event needs eventId, text and group");
        }
        return f;
    }
}
