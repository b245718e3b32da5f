package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * Messages per taxonomy group in the period, against the period of equal length just before.
 * Official replies are not counted.
 *
 * @param change relative change {@code (count - previousCount) / previousCount}; null when previousCount is 0
 */
@RegisterForReflection
public record TopicsResult(Instant from, Instant to, long total, long uniqueAuthors, long previousTotal,
                           List<GroupCount> groups) {

    @RegisterForReflection
    public record GroupCount(String group, String label, long count, double share, long previousCount,
                             Double change, long uniqueAuthors) {
    }
}
