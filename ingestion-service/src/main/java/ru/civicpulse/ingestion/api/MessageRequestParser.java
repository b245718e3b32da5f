package ru.civicpulse.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import ru.civicpulse.common.Problem.FieldError;
import ru.civicpulse.contracts.Attachment;
import ru.civicpulse.contracts.Geo;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.domain.MessageRules;
import ru.civicpulse.ingestion.domain.Pseudonymizer;
import ru.civicpulse.ingestion.message.NewMessage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Reads one item of {@code POST /api/v1/messages} into a {@link NewMessage}, collecting every
 * field error instead of stopping at the first, so a client can fix an item in one go.
 */
final class MessageRequestParser {
    static final int MAX_ID_LENGTH = MessageRules.MAX_ID_LENGTH;

    private final Pseudonymizer pseudonymizer;
    private final MessageRules rules;

    MessageRequestParser(Pseudonymizer pseudonymizer, MessageRules rules) {
        this.pseudonymizer = pseudonymizer;
        this.rules = rules;
    }

    record Parsed(NewMessage message, List<FieldError> errors) {
    }

    Parsed parse(JsonNode item) {
        List<FieldError> errors = new ArrayList<>();
        if (item == null || !item.isObject()) {
            return new Parsed(null, List.of(new FieldError("", "must be a JSON object")));
        }
        Source source = enumValue(item, "source", Source.class, errors);
        String sourceMessageId = text(item, "sourceMessageId", true, MAX_ID_LENGTH, errors);
        MessageKind kind = enumValue(item, "kind", MessageKind.class, errors);
        String municipality = text(item, "municipality", true, MAX_ID_LENGTH, errors);
        if (municipality != null && Municipalities.byCode(municipality).isEmpty()) {
            errors.add(new FieldError("municipality", "unknown municipality code"));
        }
        Instant publishedAt = instant(item, "publishedAt", errors);
        String text = text(item, "text", true, Integer.MAX_VALUE, errors);
        String channelId = text(item, "channelId", false, MAX_ID_LENGTH, errors);
        String url = text(item, "url", false, Integer.MAX_VALUE, errors);
        String inReplyToSourceId = text(item, "inReplyTo", false, MAX_ID_LENGTH, errors);
        String authorId = text(item, "authorId", false, MAX_ID_LENGTH, errors);
        String address = text(item, "address", false, Integer.MAX_VALUE, errors);
        Geo geo = geo(item, errors);
        List<Attachment> attachments = attachments(item, errors);
        if (kind == MessageKind.OFFICIAL_REPLY && inReplyToSourceId == null) {
            errors.add(new FieldError("inReplyTo", "an official reply must name the message it answers"));
        }
        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        UUID inReplyTo = inReplyToSourceId == null ? null : MessageIds.of(source, inReplyToSourceId);
        NewMessage message = new NewMessage(source, sourceMessageId, kind, channelId, url, inReplyTo,
                pseudonymizer.pseudonym(source, authorId), text, publishedAt, municipality, geo, address, attachments, null);
        List<FieldError> broken = rules.check(message);
        return broken.isEmpty() ? new Parsed(message, List.of()) : new Parsed(null, broken);
    }

    private static String text(JsonNode item, String field, boolean required, int maxLength, List<FieldError> errors) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String value = NewMessage.withoutNul(node.asText()).strip();
        if (value.isEmpty()) {
            if (required) {
                errors.add(new FieldError(field, "must not be blank"));
            }
            return null;
        }
        if (value.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode item, String field, Class<E> type, List<FieldError> errors) {
        String value = text(item, field, true, MAX_ID_LENGTH, errors);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    private static Instant instant(JsonNode item, String field, List<FieldError> errors) {
        String value = text(item, field, true, 100, errors);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 date-time with offset, e.g. 2026-03-01T09:30:00+03:00"));
            return null;
        }
    }

    private static Geo geo(JsonNode item, List<FieldError> errors) {
        JsonNode node = item.get("geo");
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode lat = node.get("lat");
        JsonNode lon = node.get("lon");
        if (!node.isObject() || lat == null || lon == null || !lat.isNumber() || !lon.isNumber()
                || Math.abs(lat.asDouble()) > 90 || Math.abs(lon.asDouble()) > 180) {
            errors.add(new FieldError("geo", "must be {\"lat\": -90..90, \"lon\": -180..180}"));
            return null;
        }
        return new Geo(lat.asDouble(), lon.asDouble());
    }

    private static List<Attachment> attachments(JsonNode item, List<FieldError> errors) {
        JsonNode node = item.get("attachments");
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<Attachment> result = new ArrayList<>();
        if (!node.isArray()) {
            errors.add(new FieldError("attachments", "must be an array of {\"type\", \"url\"}"));
            return List.of();
        }
        for (JsonNode a : node) {
            if (!a.isObject() || !a.path("type").isTextual() || !(a.path("url").isMissingNode() || a.path("url").isNull()
                    || a.path("url").isTextual())) {
                errors.add(new FieldError("attachments", "must be an array of {\"type\", \"url\"}"));
                return List.of();
            }
            result.add(new Attachment(a.get("type").asText(), a.path("url").isTextual() ? a.get("url").asText() : null));
        }
        return result;
    }
}
