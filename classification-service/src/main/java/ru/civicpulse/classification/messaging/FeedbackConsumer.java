package ru.civicpulse.classification.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import ru.civicpulse.classification.domain.ClassificationMetrics;
import ru.civicpulse.classification.persistence.FeedbackRepository;
import ru.civicpulse.contracts.ClassificationFeedback;
import ru.civicpulse.contracts.EventJson;

/**
 * Keeps analysts' corrections as labelled examples, once per event id. An unreadable event is
 * refused and the channel's dead-letter strategy parks it on its DLQ topic.
 */
@ApplicationScoped
public class FeedbackConsumer {

    @Inject
    FeedbackRepository feedback;

    @Inject
    ClassificationMetrics metrics;

    @Incoming("feedback")
    @Blocking
    @Transactional
    public void consume(String value) {
        ClassificationFeedback f;
        try {
            f = EventJson.mapper().readValue(value == null ? "" : value, ClassificationFeedback.class);
        } catch (JsonProcessingException e) {
            metrics.deadLettered("feedback");
            // not Jackson's message: it echoes pieces of the record into the logs
            var at = e.getLocation();
            throw new IllegalArgumentException("not a ClassificationFeedback event: unreadable JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
        if (f == null || f.eventId() == null || f.text() == null || f.text().isBlank() || f.group() == null || f.group().isBlank()) {
            metrics.deadLettered("feedback");
            throw new IllegalArgumentException("a feedback event needs eventId, text and group");
        }
        feedback.insert(f);
    }
}
