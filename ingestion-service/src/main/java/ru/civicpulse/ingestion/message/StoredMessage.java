package ru.civicpulse.ingestion.message;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.quarkus.runtime.annotations.RegisterForReflection;
import ru.civicpulse.contracts.MessageIngested;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as ingestion keeps it: what the channel delivered (masked text, pseudonymous author),
 * its current revision and when it was first received. Answered as one flat object.
 */
@RegisterForReflection
public record StoredMessage(UUID messageId, @JsonUnwrapped NewMessage delivered, int revision, Instant receivedAt) {

    public static StoredMessage of(NewMessage m, int revision, Instant receivedAt) {
        return new StoredMessage(m.messageId(), m, revision, receivedAt);
    }

    public MessageIngested toEvent(Instant occurredAt) {
        NewMessage m = delivered;
        return new MessageIngested(UUID.randomUUID(), MessageIngested.TYPE, MessageIngested.VERSION, occurredAt,
                messageId, revision, m.source(), m.sourceMessageId(), m.channelId(), m.url(), m.kind(), m.inReplyTo(),
                m.authorRef(), m.text(), m.publishedAt(), receivedAt, m.municipality(), m.geo(), m.address(), m.attachments(),
                m.sourceExecutor());
    }
}
