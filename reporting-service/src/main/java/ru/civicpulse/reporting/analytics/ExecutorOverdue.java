package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One page of an executor's overdue messages and incidents of the period, the newest deadline miss first. */
@RegisterForReflection
public record ExecutorOverdue(UUID executorId, String name, String municipality, long total, int page, int size,
                              List<Item> items) {

    /**
     * {@code kind} MESSAGE (with {@code messageId}, {@code text}, {@code repliedAt} when answered late) or
     * INCIDENT (with {@code incidentKey}, {@code state}; {@code publishedAt} is its first message).
     * {@code hoursOverdue}: from the deadline to the late reply, or to now when there is none.
     */
    @RegisterForReflection
    public record Item(String kind, UUID messageId, String incidentKey, String municipality, String district,
                       String group, String label, String state, String text, Instant publishedAt, Instant repliedAt,
                       Instant deadline, double hoursOverdue) {
    }
}
