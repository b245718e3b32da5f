package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How fast residents' messages (everything except official replies) got a first official reply.
 * Hours are decimal; median/p90 are over answered messages only (null when none). {@code overdue}
 * lists the longest-waiting (at most 100) of {@code overdueTotal}.
 */
@RegisterForReflection
public record ResponsesResult(Stats overall, List<Stats> byGroup, List<Stats> byMunicipality, long overdueTotal,
                              List<Overdue> overdue) {

    /** For callers that build a result by hand (samples): every overdue message is listed. */
    public ResponsesResult(Stats overall, List<Stats> byGroup, List<Stats> byMunicipality, List<Overdue> overdue) {
        this(overall, byGroup, byMunicipality, overdue.size(), overdue);
    }

    /** {@code key}: group or municipality code ("all" for the overall line). */
    @RegisterForReflection
    public record Stats(String key, String label, long messages, long answered, double answeredShare,
                        Double medianHours, Double p90Hours) {
    }

    /** Unanswered past its group's deadline (EMERGENCY messages use the emergency deadline). */
    @RegisterForReflection
    public record Overdue(UUID messageId, String municipality, String district, String group, String label,
                          String urgency, String text, Instant publishedAt, Instant deadline, double hoursOverdue) {
    }
}
