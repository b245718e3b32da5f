package ru.civicpulse.reporting.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.common.outbox.Outbox;
import ru.civicpulse.contracts.ClassificationFeedback;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.Topics;

/**
 * Queues analysts' corrections for {@code civic.classification.feedback.v1}, keyed by message id,
 * through the outbox: accepted while the broker is away, published once it is back.
 */
@ApplicationScoped
public class FeedbackPublisher {

    @Inject
    Outbox outbox;

    @Transactional
    public void publish(ClassificationFeedback event) {
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        outbox.add(Topics.CLASSIFICATION_FEEDBACK, event.messageId().toString(), json);
    }
}
