package ru.civicpulse.reporting.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The document formats of a report, in the order they are listed. */
public enum ReportDocument {
    PDF("pdf", "application/pdf"),
    HTML("html", "text/html; charset=utf-8"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    CSV("csv", "text/csv; charset=utf-8");

    private final String code;
    private final String contentType;

    ReportDocument(String code, String contentType) {
        this.code = code;
        this.contentType = contentType;
    }

    public String code() {
        return code;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<ReportDocument> byCode(String code) {
        String c = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.code.equals(c)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(ReportDocument::code).toList();
    }
}
