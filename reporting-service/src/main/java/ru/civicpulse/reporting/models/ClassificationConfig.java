package ru.civicpulse.reporting.models;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** classification-service, whose model registry the dashboard manages through this service. */
@ConfigMapping(prefix = "civicpulse.reporting.classification")
public interface ClassificationConfig {
    /** Base address, e.g. {@code http://classification-service:8080}. */
    String url();

    /** Longest wait for one answer, an upload of training data included. */
    @WithDefault("PT60S")
    Duration timeout();
}
