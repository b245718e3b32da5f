package ru.civicpulse.classification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalInt;

/** Settings of the classification service ({@code classification.*}). */
@ConfigMapping(prefix = "civicpulse.classification")
public interface ClassificationConfig {

    /**
     * A result is flagged {@code needsReview} when the calibrated probability that its best label is
     * right is below this (see the classifier's README: flagged results are more often wrong than right at 0.45).
     */
    @WithDefault("0.45")
    double reviewThreshold();

    Incident incident();

    Model model();

    interface Model {
        /** How often each replica checks which model is active. */
        @WithDefault("PT3S")
        Duration pollInterval();
    }

    interface Incident {
        /** Messages further apart than this never share an incident. */
        @WithDefault("PT72H")
        Duration window();

        /** Largest SimHash Hamming distance for "the same problem"; the classifier's tuned value if unset. */
        OptionalInt maxDistance();
    }
}
