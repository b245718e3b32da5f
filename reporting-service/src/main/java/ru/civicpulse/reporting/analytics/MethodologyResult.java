package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** How the figures were produced: which model versions classified the period's messages, how sure they were. */
@RegisterForReflection
public record MethodologyResult(long messages, long needsReview, double needsReviewShare, double meanConfidence,
                                List<ModelVersion> modelVersions, String spikeMethod, String concernMethod) {

    @RegisterForReflection
    public record ModelVersion(String version, long messages) {
    }
}
