package ru.civicpulse.reporting.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A report job as stored: what it covers, where it stands, and which documents it has. */
public record Report(UUID id, Status status, String municipality, Instant from, Instant to, Trigger trigger,
                     String requestedBy, Instant createdAt, Instant startedAt, Instant finishedAt,
                     Long generationMillis, String error, List<String> formats) {

    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    /** ON_DEMAND: asked for through the API; WEEKLY: the Monday schedule. */
    public enum Trigger { ON_DEMAND, WEEKLY }

    public Report {
        formats = formats == null ? List.of() : List.copyOf(formats);
    }
}
