package ru.civicpulse.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A finished report. Published on {@link Topics#REPORTS_PUBLISHED} with key {@code reportId}.
 *
 * @param periodFrom inclusive
 * @param periodTo   exclusive
 * @param formats    document formats available, e.g. {@code pdf}, {@code html}, {@code xlsx}, {@code csv}
 */
public record ReportPublished(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        UUID reportId,
        Instant periodFrom,
        Instant periodTo,
        String municipality,
        List<String> formats,
        Instant generatedAt) implements Event {

    public static final String TYPE = "ReportPublished";
    public static final int VERSION = 1;

    public ReportPublished {
        formats = formats == null ? List.of() : List.copyOf(formats);
    }
}
