package ru.civicpulse.common.ratelimit;

import io.quarkus.runtime.configuration.DurationConverter;

import java.time.Duration;

/**
 * A budget of {@code requests} per {@code period}, written {@code 5000/1s}, {@code 30/1m} or
 * {@code 10/PT1H}: a client may spend it at once, and it refills steadily over the period.
 */
public record Rate(long requests, Duration period) {
    public Rate {
        if (requests < 1) {
            throw new IllegalArgumentException("A rate allows at least 1 request, not " + requests);
        }
        if (period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("A rate's period must be positive, not " + period);
        }
    }

    /** Parses {@code <requests>/<period>}; the period as Quarkus durations are written ({@code 1s}, {@code 5m}, {@code PT1H}). */
    public static Rate valueOf(String text) {
        String value = text == null ? "" : text.trim();
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new IllegalArgumentException("Expected <requests>/<period> such as 100/1s, not '" + text + "'");
        }
        try {
            return new Rate(Long.parseLong(value.substring(0, slash).trim()),
                    DurationConverter.parseDuration(value.substring(slash + 1).trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Expected <requests>/<period> such as 100/1s, not '" + text + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return requests + "/" + period;
    }
}
