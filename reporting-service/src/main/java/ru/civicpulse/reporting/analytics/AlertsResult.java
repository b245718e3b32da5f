package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Spikes (group x district well above its trailing baseline) and EMERGENCY messages still unanswered. */
@RegisterForReflection
public record AlertsResult(List<Spike> spikes, List<Emergency> emergencies) {

    /**
     * @param count    messages in {@code [windowStart, windowEnd]} (inclusive days)
     * @param expected trailing-baseline mean scaled to the window length
     * @param pValue   Poisson upper-tail probability P(X >= count | expected)
     */
    @RegisterForReflection
    public record Spike(String group, String label, String municipality, String district, String districtLabel,
                        LocalDate windowStart, LocalDate windowEnd, long count, double expected, double pValue) {
    }

    @RegisterForReflection
    public record Emergency(UUID messageId, String municipality, String district, String districtLabel,
                            String group, String label, String text, String url, Instant publishedAt,
                            double hoursWaiting) {
    }
}
