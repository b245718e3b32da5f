package ru.civicpulse.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message with its analysis. Published on {@link Topics#MESSAGES_CLASSIFIED} with key
 * {@code messageId}. Downstream, a result with a newer {@code modelVersion} (or a newer
 * {@code revision} of the message) replaces the older one. {@code sourceExecutor} is copied from
 * {@link MessageIngested#sourceExecutor()}.
 */
public record MessageClassified(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        UUID messageId,
        int revision,
        Source source,
        String sourceMessageId,
        String channelId,
        String url,
        MessageKind kind,
        UUID inReplyTo,
        String authorRef,
        String text,
        Instant publishedAt,
        Instant receivedAt,
        String municipality,
        Geo geo,
        TopicScore topic,
        List<TopicScore> alternatives,
        boolean needsReview,
        Sentiment sentiment,
        Urgency urgency,
        Location location,
        String incidentKey,
        String modelVersion,
        Instant classifiedAt,
        String sourceExecutor) implements Event {

    public static final String TYPE = "MessageClassified";
    public static final int VERSION = 1;

    public MessageClassified {
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }
}
