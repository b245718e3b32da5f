package ru.civicpulse.ingestion.message;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ru.civicpulse.contracts.Attachment;
import ru.civicpulse.contracts.Geo;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message as ingestion keeps it: masked text, pseudonymous author, current revision. */
@RegisterForReflection
public record StoredMessage(
        UUID messageId,
        int revision,
        Source source,
        String sourceMessageId,
        MessageKind kind,
        String channelId,
        String url,
        UUID inReplyTo,
        String authorRef,
        String text,
        Instant publishedAt,
        Instant receivedAt,
        String municipality,
        Geo geo,
        String address,
        List<Attachment> attachments,
        String sourceExecutor) {

    public static StoredMessage of(NewMessage m, int revision, Instant receivedAt) {
        return new StoredMessage(m.messageId(), revision, m.source(), m.sourceMessageId(), m.kind(), m.channelId(),
                m.url(), m.inReplyTo(), m.authorRef(), m.text(), m.publishedAt(), receivedAt, m.municipality(),
                m.geo(), m.address(), m.attachments(), m.sourceExecutor());
    }

    public MessageIngested toEvent(Instant occurredAt) {
        return new MessageIngested(UUID.randomUUID(), MessageIngested.TYPE, MessageIngested.VERSION, occurredAt,
                messageId, revision, source, sourceMessageId, channelId, url, kind, inReplyTo, authorRef, text,
                publishedAt, receivedAt, municipality, geo, address, attachments, sourceExecutor);
    }
}
