package ru.civicpulse.reporting.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import ru.civicpulse.common.AckedSend;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.contracts.ClassificationFeedback;
import ru.civicpulse.contracts.EventJson;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Publishes analysts' corrections on {@code civic.classification.feedback.v1}, keyed by message id. */
@ApplicationScoped
public class FeedbackPublisher {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel("feedback")
    Emitter<String> feedback;

    /** Returns once the broker has the event; 503 when it cannot be reached. */
    public void publish(ClassificationFeedback event) {
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        CompletableFuture<Void> acked = AckedSend.send(feedback, json,
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.messageId().toString()).build());
        try {
            acked.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (Exception e) {
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "Service Unavailable", "The correction could not be published; try again.");
    }
}
