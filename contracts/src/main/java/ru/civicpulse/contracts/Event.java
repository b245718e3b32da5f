package ru.civicpulse.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope every event carries: a unique id (consumers record it for idempotency),
 * its type and schema version, and when it occurred (UTC).
 */
public interface Event {
    UUID eventId();

    String eventType();

    int schemaVersion();

    Instant occurredAt();
}
