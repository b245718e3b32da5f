package ru.civicpulse.reporting.sql;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The calendar periods (Europe/Moscow days) the read model aggregates over: a day, an ISO week
 * (Monday first) and a calendar month ({@code rollup_daily}/{@code rollup_periods} for counts,
 * {@code author_sets} for authors). Any run of whole days is covered exactly by non-overlapping
 * pieces of these periods ({@link #cover}): its counts are the sum of the pieces' counts and its
 * distinct authors the union of the pieces' author sets.
 */
public enum CalendarPeriod {
    DAY("day"), WEEK("week"), MONTH("month");

    /** Whose calendar days these are. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Moscow");

    private final String code;

    CalendarPeriod(String code) {
        this.code = code;
    }

    /** The value of the {@code period} columns. */
    public String code() {
        return code;
    }

    /** First day of the period of this kind holding {@code day}. */
    public LocalDate startOf(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The day after the period starting on {@code start}. */
    public LocalDate end(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /** One period of a cover. */
    public record Piece(CalendarPeriod period, LocalDate start) {
    }

    /**
     * Non-overlapping periods whose union is exactly the days {@code [from, to)}: whole calendar
     * months first, then whole weeks in what is left at either side, then single days. A year is 12
     * pieces, a quarter 3, a Monday-to-Monday week 1; any run has at most 24 day pieces and 8 week
     * pieces besides its months.
     */
    public static List<Piece> cover(LocalDate from, LocalDate to) {
        List<Piece> pieces = new ArrayList<>();
        LocalDate firstMonth = MONTH.startOf(from).equals(from) ? from : MONTH.end(MONTH.startOf(from));
        if (!MONTH.end(firstMonth).isAfter(to)) {
            weeksAndDays(from, firstMonth, pieces);
            LocalDate m = firstMonth;
            for (; !MONTH.end(m).isAfter(to); m = MONTH.end(m)) {
                pieces.add(new Piece(MONTH, m));
            }
            weeksAndDays(m, to, pieces);
        } else {
            weeksAndDays(from, to, pieces);
        }
        return pieces;
    }

    /** The starts of the pieces of one kind. */
    public static List<LocalDate> starts(List<Piece> pieces, CalendarPeriod kind) {
        return pieces.stream().filter(p -> p.period() == kind).map(Piece::start).toList();
    }

    private static void weeksAndDays(LocalDate from, LocalDate to, List<Piece> pieces) {
        LocalDate firstWeek = WEEK.startOf(from).equals(from) ? from : WEEK.end(WEEK.startOf(from));
        LocalDate d = from;
        if (!WEEK.end(firstWeek).isAfter(to)) {
            for (; d.isBefore(firstWeek); d = d.plusDays(1)) {
                pieces.add(new Piece(DAY, d));
            }
            for (; !WEEK.end(d).isAfter(to); d = WEEK.end(d)) {
                pieces.add(new Piece(WEEK, d));
            }
        }
        for (; d.isBefore(to); d = d.plusDays(1)) {
            pieces.add(new Piece(DAY, d));
        }
    }
}
