package ru.civicpulse.tools;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Kafka's {@code ProducerPerformance} did on the stack's broker in the same run (the
 * launcher measures it first and hands over its summary line), and how a measurement compares.
 */
public record Reference(double recordsPerSecond, String line) {
    /** The launcher passes the summary line in this variable. */
    public static final String VARIABLE = "CIVICPULSE_PERF_REFERENCE";
    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) records/sec");

    /** The reference from ProducerPerformance's summary line ("200000 records sent, 41234.5 records/sec (40.27 MB/sec), ..."). */
    public static Optional<Reference> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        Matcher m = RATE.matcher(line);
        return m.find() ? Optional.of(new Reference(Double.parseDouble(m.group(1)), line.strip())) : Optional.empty();
    }

    /** One line: a measured rate next to the broker's rate and their ratio. */
    public static String compare(String what, double perSecond, Optional<Reference> reference) {
        String measured = String.format(Locale.ROOT, "%s: %,.0f msg/s", what, perSecond);
        return reference.map(r -> String.format(Locale.ROOT, "%s | Kafka ProducerPerformance %,.0f records/s | ratio %s",
                measured, r.recordsPerSecond(), ratio(perSecond, r.recordsPerSecond())))
                .orElse(measured + " | Kafka ProducerPerformance not measured");
    }

    /** {@code ours} as a percentage of {@code reference}, with two significant digits below 10%. */
    static String ratio(double ours, double reference) {
        if (!(reference > 0) || ours < 0 || Double.isNaN(ours)) {
            return "n/a";
        }
        double percent = 100 * ours / reference;
        String format = percent >= 10 || percent == 0 ? "%.0f%%" : percent >= 1 ? "%.1f%%" : percent >= 0.1 ? "%.2f%%" : "%.3f%%";
        return String.format(Locale.ROOT, format, percent);
    }
}
