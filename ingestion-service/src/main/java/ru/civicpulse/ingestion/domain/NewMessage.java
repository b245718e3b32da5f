package ru.civicpulse.ingestion.domain;

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
 * pseudonym (never the raw id). Text is masked by {@link IntakeService} before it is stored.
 */
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
        List<Attachment> attachments) {

    public NewMessage {
        sourceMessageId = MessageRules.withoutNul(sourceMessageId);
        channelId = MessageRules.withoutNul(channelId);
        url = MessageRules.withoutNul(url);
        authorRef = MessageRules.withoutNul(authorRef);
        text = MessageRules.withoutNul(text);
        municipality = MessageRules.withoutNul(municipality);
        address = MessageRules.withoutNul(address);
        attachments = attachments == null ? List.of() : attachments.stream()
                .map(a -> new Attachment(MessageRules.withoutNul(a.type()), MessageRules.withoutNul(a.url()))).toList();
    }

    public UUID messageId() {
        return MessageIds.of(source, sourceMessageId);
    }

    NewMessage masked() {
        return new NewMessage(source, sourceMessageId, kind, channelId, url, inReplyTo, authorRef,
                PiiMasker.mask(text), publishedAt, municipality, geo, PiiMasker.mask(address), attachments);
    }
}
