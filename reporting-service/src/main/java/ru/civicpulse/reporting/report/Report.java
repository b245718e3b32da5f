package ru.civicpulse.reporting.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A report job as stored: what it covers, where it stands, and which documents it has. */
public record Report(UUID id, Status status, String municipality, Instant from, Instant to, Trigger trigger,
                     String requestedBy, Instant createdAt, Instant startedAt, Instant finishedAt,
                     Long generationMillis, String error, List<String> formats, Kind kind, String group, UUID executor) {

    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    /** ON_DEMAND: asked for through the API; WEEKLY: the Monday schedule. */
    public enum Trigger { ON_DEMAND, WEEKLY }

    /** REPORT: the analytics report (PDF, HTML, XLSX, CSV); BRIEF: the live-broadcast brief (PDF, HTML). */
    public enum Kind {
        REPORT, BRIEF;

        public List<ReportDocument> documents() {
            return this == REPORT ? List.of(ReportDocument.values()) : List.of(ReportDocument.PDF, ReportDocument.HTML);
        }
    }

    public Report {
        kind = kind == null ? Kind.REPORT : kind;
        formats = formats == null ? List.of() : List.copyOf(formats);
    }

    /** First day of the period, Moscow time. */
    public LocalDate firstDay() {
        return from.atZone(ReportFormat.ZONE).toLocalDate();
    }

    /** Last day of the period, Moscow time ({@code to} is exclusive: a midnight ends the day before). */
    public LocalDate lastDay() {
        return to.minusNanos(1).atZone(ReportFormat.ZONE).toLocalDate();
    }
}
