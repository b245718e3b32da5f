package ru.civicpulse.reporting.report;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How numbers, shares and dates read in every format of a report (Russian conventions, Moscow time).
 * The HTML template calls the methods marked {@link TemplateExtension} as {@code {fmt:share(x)}}.
 */
public final class ReportFormat {
    public static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    public static final String NONE = "—";
    /** The namespace of these methods in templates. */
    static final String FMT = "fmt";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("dd.MM");
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private ReportFormat() {
    }

    /** Change from {@code previous} to {@code current} as a fraction, or null when there is nothing to compare with. */
    public static Double change(long current, long previous) {
        return previous == 0 ? null : (double) (current - previous) / previous;
    }

    /** One decimal with a comma, e.g. {@code 12,5}. */
    @TemplateExtension(namespace = FMT)
    public static String decimal(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.1f", value).replace('.', ',');
    }

    /** Two decimals with a comma, e.g. {@code 0,87}. */
    @TemplateExtension(namespace = FMT)
    public static String decimal2(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.2f", value).replace('.', ',');
    }

    /** A fraction (0..1) as a share, e.g. {@code 12,5 %}. */
    @TemplateExtension(namespace = FMT)
    public static String share(Double fraction) {
        return fraction == null ? NONE : decimal(100 * fraction) + " %";
    }

    /** A relative change (fraction) signed, e.g. {@code +12,5 %} or {@code −3,0 %}. */
    @TemplateExtension(namespace = FMT)
    public static String change(Double fraction) {
        if (fraction == null) {
            return NONE;
        }
        double percent = 100 * fraction;
        String sign = percent >= 0.05 ? "+" : percent <= -0.05 ? "−" : "";
        return sign + decimal(Math.abs(percent)) + " %";
    }

    @TemplateExtension(namespace = FMT)
    public static String day(LocalDate day) {
        return day == null ? NONE : DAY.format(day);
    }

    public static String shortDay(LocalDate day) {
        return SHORT_DAY.format(day);
    }

    @TemplateExtension(namespace = FMT)
    public static String moment(Instant instant) {
        return instant == null ? NONE : MOMENT.format(instant.atZone(ZONE));
    }

    public static String period(ReportContent content) {
        return day(content.firstDay()) + " – " + day(content.lastDay());
    }

    @TemplateExtension(namespace = FMT)
    public static String hours(Double hours) {
        return hours == null ? NONE : decimal(hours) + " ч";
    }
}
