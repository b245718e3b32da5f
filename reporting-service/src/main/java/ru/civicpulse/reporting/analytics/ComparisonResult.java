package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Side-by-side counts per group for several sources. A source is {@code civicpulse} (this system's
 * own messages) or the name of an uploaded external statistics set. Lists in {@link Row} are aligned
 * with {@link #sources}.
 */
@RegisterForReflection
public record ComparisonResult(List<String> sources, List<Long> totals, List<Row> groups,
                               List<Correlation> correlations, List<Divergence> divergences) {

    /** {@code shareDifference}: share in the last source minus share in the first, in percentage points. */
    @RegisterForReflection
    public record Row(String group, String label, List<Long> counts, List<Double> shares, double shareDifference) {
    }

    /** Spearman rank correlation of group counts between two sources (null if fewer than 2 groups). */
    @RegisterForReflection
    public record Correlation(String a, String b, Double spearman) {
    }

    /** A group rising (vs the previous equal period) in {@code risingIn} but not in {@code notIn}. */
    @RegisterForReflection
    public record Divergence(String group, String label, String risingIn, String notIn,
                             long count, long previousCount, Double change,
                             long otherCount, long otherPreviousCount, Double otherChange) {
    }
}
