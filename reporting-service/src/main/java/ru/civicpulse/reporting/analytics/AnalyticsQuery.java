package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.reporting.sql.CalendarPeriod;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an analytics question covers: the period {@code [from, to)}, the municipalities the caller
 * may see ({@code Optional.empty()} = all; an empty set = none), and optional filters
 * (null = no filter). Calendar days are Europe/Moscow days.
 */
public record AnalyticsQuery(Instant from, Instant to, Optional<Set<String>> municipalities,
                             String district, String source, String group) implements ScopeSql.Scope {

    public static final ZoneId ZONE = CalendarPeriod.ZONE;
    /** Earliest bound a period may have: no message of the read model is older. */
    public static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);
    /** Latest bound a period may have. */
    public static final LocalDate LATEST_DAY = LocalDate.of(2100, 1, 1);
    public static final Instant EARLIEST = EARLIEST_DAY.atStartOfDay(ZONE).toInstant();
    public static final Instant LATEST = LATEST_DAY.atStartOfDay(ZONE).toInstant();
    private static final int MAX_BOUND_LENGTH = 40;

    public AnalyticsQuery {
        if (from == null || to == null) {
            throw new IllegalArgumentException("from and to are required");
        }
        municipalities = municipalities == null ? Optional.empty() : municipalities.map(Set::copyOf);
        district = blankToNull(district);
        source = blankToNull(source);
        group = blankToNull(group);
    }

    /**
     * Parses request parameters. {@code from}/{@code to} are ISO dates ({@code 2026-11-02}, midnight
     * Europe/Moscow) or ISO instants; {@code to} is exclusive. Answers 422 for anything unreadable
     * or an empty period.
     */
    public static AnalyticsQuery of(String from, String to, Optional<Set<String>> municipalities,
                                    String district, String source, String group) {
        Instant start = parseBound("from", from);
        Instant end = parseBound("to", to);
        if (!start.isBefore(end)) {
            throw ProblemException.unprocessable("The period is empty.",
                    List.of(new Problem.FieldError("to", "must be after from")));
        }
        return new AnalyticsQuery(start, end, municipalities, district, source, group);
    }

    /**
     * An ISO date (midnight Europe/Moscow) or an ISO instant between {@link #EARLIEST} and
     * {@link #LATEST}; anything else answers 422 without echoing the value.
     */
    public static Instant parseBound(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.unprocessable("Parameter " + field + " is required.",
                    List.of(new Problem.FieldError(field, "required: ISO date or instant")));
        }
        String v = value.trim();
        Instant instant;
        try {
            if (v.length() > MAX_BOUND_LENGTH) {
                throw new DateTimeParseException("too long", "", 0);
            }
            instant = v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZONE).toInstant()
                    : java.time.OffsetDateTime.parse(v).toInstant();
        } catch (java.time.DateTimeException e) {
            throw ProblemException.unprocessable("Parameter " + field + " is not an ISO date or instant.",
                    List.of(new Problem.FieldError(field, "an ISO date (2026-11-02) or instant (2026-11-02T10:00:00Z)")));
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ProblemException.unprocessable("Parameter " + field + " is outside the supported range.",
                    List.of(new Problem.FieldError(field, "between " + EARLIEST_DAY + " and " + LATEST_DAY)));
        }
        return instant;
    }

    /** Answers 422 when the period is longer than {@code max} (calendar, from {@code from} in Moscow time). */
    public AnalyticsQuery notLongerThan(java.time.Period max) {
        if (to.isAfter(from.atZone(ZONE).plus(max).toInstant())) {
            throw ProblemException.unprocessable("The period is too long.",
                    List.of(new Problem.FieldError("to", "the period may be at most " + max + " (ISO 8601) long")));
        }
        return this;
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** The period of equal length just before this one, same scope and filters. */
    public AnalyticsQuery previous() {
        return withPeriod(from.minus(length()), from);
    }

    public AnalyticsQuery withPeriod(Instant newFrom, Instant newTo) {
        return new AnalyticsQuery(newFrom, newTo, municipalities, district, source, group);
    }

    /** True when the caller's scope excludes everything (a city official asking for someone else's town). */
    public boolean seesNothing() {
        return municipalities.map(Set::isEmpty).orElse(false);
    }

    /** A stretch of time {@code [from, to)}. */
    public record Span(Instant from, Instant to) {
    }

    /** First whole Moscow day inside the period; see {@link #wholeDaysEnd()}. */
    public LocalDate wholeDaysFrom() {
        return isMidnight(from) ? fromDay() : fromDay().plusDays(1);
    }

    /**
     * Day after the last whole Moscow day inside the period. The whole days {@code [wholeDaysFrom,
     * wholeDaysEnd)} are answered from the rollups; when that range is empty, there are none.
     */
    public LocalDate wholeDaysEnd() {
        return to.atZone(ZONE).toLocalDate();
    }

    public boolean hasWholeDays() {
        return wholeDaysFrom().isBefore(wholeDaysEnd());
    }

    /** The parts of the period outside its whole days (none, one or two), answered from the facts. */
    public List<Span> partialDays() {
        if (!hasWholeDays()) {
            return List.of(new Span(from, to));
        }
        Instant first = wholeDaysFrom().atStartOfDay(ZONE).toInstant();
        Instant end = wholeDaysEnd().atStartOfDay(ZONE).toInstant();
        List<Span> spans = new java.util.ArrayList<>(2);
        if (from.isBefore(first)) {
            spans.add(new Span(from, first));
        }
        if (end.isBefore(to)) {
            spans.add(new Span(end, to));
        }
        return spans;
    }

    /** First Moscow day touched by the period. */
    public LocalDate fromDay() {
        return from.atZone(ZONE).toLocalDate();
    }

    /** Moscow day after the last day touched by the period (exclusive). */
    public LocalDate toDayExclusive() {
        LocalDate d = to.atZone(ZONE).toLocalDate();
        return isMidnight(to) ? d : d.plusDays(1);
    }

    private static boolean isMidnight(Instant instant) {
        return instant.atZone(ZONE).toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
