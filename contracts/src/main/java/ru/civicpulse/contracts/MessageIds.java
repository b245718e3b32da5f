package ru.civicpulse.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Stable message ids: the same source message, delivered by any channel at any time, maps to
 * the same id, so deduplication and re-delivery need no lookup to agree on identity.
 */
public final class MessageIds {
    private MessageIds() {
    }

    /** Name-based UUID of {@code "<SOURCE>:<sourceMessageId>"}. */
    public static UUID of(Source source, String sourceMessageId) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceMessageId, "sourceMessageId");
        return UUID.nameUUIDFromBytes((source.name() + ":" + sourceMessageId).getBytes(StandardCharsets.UTF_8));
    }
}
