package ru.civicpulse.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * An analyst's correction of a message's topic. Published on
 * {@link Topics#CLASSIFICATION_FEEDBACK} with key {@code messageId}; the classifier keeps it
 * as a labelled example ({@code text} is the masked text) for the next training.
 */
public record ClassificationFeedback(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        UUID messageId,
        String text,
        String previousGroup,
        String previousTopic,
        String group,
        String topic,
        String modelVersion,
        String correctedBy) implements Event {

    public static final String TYPE = "ClassificationFeedback";
    public static final int VERSION = 1;
}
