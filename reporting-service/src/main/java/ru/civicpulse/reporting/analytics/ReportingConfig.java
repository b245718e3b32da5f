package ru.civicpulse.reporting.analytics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** Settings of the analytics: reply deadlines and the spike test. */
@ConfigMapping(prefix = "civicpulse.reporting")
public interface ReportingConfig {

    /** Longest period an analytics question may cover (ISO 8601 period); longer ones answer 422. */
    @WithDefault("P10Y")
    java.time.Period maxPeriod();

    /** Deadline for a first official reply when the group has none of its own. */
    @WithDefault("PT24H")
    Duration responseDeadline();

    /** Deadline for EMERGENCY messages, whatever their group. */
    @WithDefault("PT2H")
    Duration emergencyDeadline();

    /** Per-group deadlines, e.g. {@code civicpulse.reporting.group-deadlines."housing-utilities"=PT12H}. */
    Map<String, Duration> groupDeadlines();

    Spike spike();

    interface Spike {
        /** Days before the window whose mean is the baseline. */
        @WithDefault("28")
        int baselineDays();

        /** The last days of the period that are tested against the baseline. */
        @WithDefault("1")
        int windowDays();

        /** Poisson upper-tail probability below which a count is a spike. */
        @WithDefault("0.01")
        double pValue();

        /** Fewer messages than this are never a spike. */
        @WithDefault("5")
        int minCount();
    }

    default Duration deadlineFor(String group, String urgency) {
        if ("EMERGENCY".equals(urgency)) {
            return emergencyDeadline();
        }
        return groupDeadlines().getOrDefault(group, responseDeadline());
    }
}
