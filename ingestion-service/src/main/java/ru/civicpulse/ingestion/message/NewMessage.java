package ru.civicpulse.ingestion.message;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ru.civicpulse.contracts.Attachment;
import ru.civicpulse.contracts.Geo;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as a channel delivered it, already mapped to our fields; {@code authorRef} is the
 * pseudonym (never the raw id). Text is masked by the intake before it is stored.
 * {@code sourceExecutor} is the body the source system routed the message to (imports only).
 */
@RegisterForReflection
public record NewMessage(
        Source source,
        String sourceMessageId,
        MessageKind kind,
        String channelId,
        String url,
        UUID inReplyTo,
        String authorRef,
        String text,
        Instant publishedAt,
        String municipality,
        Geo geo,
        String address,
        List<Attachment> attachments,
        String sourceExecutor) {

    public NewMessage {
        sourceMessageId = withoutNul(sourceMessageId);
        channelId = withoutNul(channelId);
        url = withoutNul(url);
        authorRef = withoutNul(authorRef);
        text = withoutNul(text);
        municipality = withoutNul(municipality);
        address = withoutNul(address);
        sourceExecutor = withoutNul(sourceExecutor);
        attachments = attachments == null ? List.of() : attachments.stream()
                .map(a -> new Attachment(withoutNul(a.type()), withoutNul(a.url()))).toList();
    }

    public UUID messageId() {
        return MessageIds.of(source, sourceMessageId);
    }

    /**
     * Removes NUL characters. PostgreSQL text cannot hold them and they mean nothing in a message;
     * they are dropped rather than refused so that a delivery from VK or Telegram is not retried
     * for ever over an invisible character.
     */
    public static String withoutNul(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "");
    }
}
