package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Per responsible body (executor): residents' messages routed to it in the period and how they were
 * answered, the incidents routed to it by workflow state, what is overdue, and the change against
 * the previous period of equal length. Messages routed to nobody form one more row with a null
 * {@code id}. Sorted by overdue messages and incidents, most first.
 */
@RegisterForReflection
public record ExecutorsResult(Instant from, Instant to, Instant previousFrom, List<Executor> executors) {

    /**
     * @param incidents           incidents with a message in the period, per state (every state named, in workflow order)
     * @param answeredShare       messages with a first official reply / messages (0 when none)
     * @param answeredShareChange answered share minus the previous period's (a fraction); null when either period has no messages
     * @param messagesChange      relative change of messages; null when the previous period had none
     * @param overdueMessages     no reply and past the deadline, or replied after it
     * @param overdueIncidents    still NEW or IN_PROGRESS and the first message older than the deadline
     */
    @RegisterForReflection
    public record Executor(UUID id, String name, String kind, String municipality,
                           long messages, long previousMessages, Double messagesChange,
                           long answered, double answeredShare, Double previousAnsweredShare, Double answeredShareChange,
                           Double medianHours, Double p90Hours, long overdueMessages,
                           Map<String, Long> incidents, long overdueIncidents) {

        public long overdue() {
            return overdueMessages + overdueIncidents;
        }
    }
}
