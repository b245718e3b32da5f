package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** An incident moved to DECISION_TAKEN: who decided, when and why, and the executor it is routed to (null when none). */
@RegisterForReflection
public record Decision(String incidentKey, String group, String label, String district, String districtLabel,
                       String executor, String changedBy, Instant changedAt, String comment) {
}
