package ru.civicpulse.reporting.analytics;

import java.time.Duration;

/** What the analytics queries share in reading rows. */
final class Rows {
    /** Longest list of single messages an answer carries. */
    static final int LIST_LIMIT = 100;

    private Rows() {
    }

    /** The read model stores "no district" as an empty string; answers show null. */
    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Hours to two decimals. */
    static double hours(Duration d) {
        return Math.round(d.toSeconds() / 36.0) / 100.0;
    }
}
