package ru.civicpulse.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The service's name as Quarkus knows it ({@code quarkus.application.name}, set by each service):
 * the {@code service} tag of the metrics service-common registers.
 */
@ConfigMapping(prefix = "quarkus.application")
public interface ApplicationName {
    @WithDefault("civicpulse")
    String name();
}
