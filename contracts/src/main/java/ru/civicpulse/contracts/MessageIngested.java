package ru.civicpulse.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A resident's (or an official's) message as taken in: deduplicated, with the author
 * pseudonymised and phones/e-mails masked in {@code text}. Published on
 * {@link Topics#MESSAGES_INGESTED} with key {@code messageId}.
 *
 * @param messageId  stable id derived from source and source id ({@link MessageIds#of})
 * @param revision   1 for the first version; an edit in the source channel publishes the same
 *                   {@code messageId} again with a higher revision
 * @param inReplyTo  {@code messageId} of the message this one answers or comments on, if any
 * @param authorRef  keyed pseudonym of the author, never the raw id
 * @param municipality municipality code, e.g. {@code voronezh}
 * @param sourceExecutor the body the source system routed the message to (an export's «Исполнитель»),
 *                   whitespace-collapsed, at most {@link #MAX_SOURCE_EXECUTOR_LENGTH} characters; null when
 *                   the source names none (REST, webhooks, exports without the column)
 */
public record MessageIngested(
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
        String address,
        List<Attachment> attachments,
        String sourceExecutor) implements Event {

    public static final String TYPE = "MessageIngested";
    public static final int VERSION = 1;
    /** Longest {@code sourceExecutor}, in characters (the schemas say the same). */
    public static final int MAX_SOURCE_EXECUTOR_LENGTH = 500;

    public MessageIngested {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
