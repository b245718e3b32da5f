package ru.civicpulse.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of an incident's workflow state. Published on {@link Topics#INCIDENTS_WORKFLOW} with
 * key {@code incidentKey}, exactly once per change, in the order of the incident's changes.
 *
 * @param sequence     1 for an incident's first change, then +1 per change (gap-free; consumers may
 *                     drop what they have already seen)
 * @param municipality the incident's municipality
 * @param comment      the reason; present for REJECTED and DECISION_TAKEN, optional otherwise
 * @param changedBy    who changed it (the caller's user name)
 */
public record IncidentStateChanged(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String incidentKey,
        int sequence,
        String municipality,
        IncidentState fromState,
        IncidentState toState,
        String comment,
        String changedBy,
        Instant changedAt) implements Event {

    public static final String TYPE = "IncidentStateChanged";
    public static final int VERSION = 1;
}
