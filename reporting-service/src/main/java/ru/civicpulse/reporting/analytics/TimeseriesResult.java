package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.LocalDate;
import java.util.List;

/**
 * Counts per group per bucket. {@code buckets} are the buckets' first days (Europe/Moscow);
 * each series' {@code counts} are aligned with them.
 */
@RegisterForReflection
public record TimeseriesResult(Interval interval, List<LocalDate> buckets, List<Series> series) {

    @RegisterForReflection
    public record Series(String group, String label, long total, List<Long> counts) {
    }
}
