package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

/** Time-series bucket size: Europe/Moscow calendar days or ISO weeks (Monday first). */
public enum Interval {
    DAY, WEEK;

    public static Interval parse(String value) {
        if (value == null || value.isBlank()) {
            return DAY;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("Unknown interval.",
                    List.of(new Problem.FieldError("interval", "day or week")));
        }
    }

    /** The first day of the bucket holding {@code day}. */
    public LocalDate bucketStart(LocalDate day) {
        return this == DAY ? day : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    public LocalDate next(LocalDate bucketStart) {
        return this == DAY ? bucketStart.plusDays(1) : bucketStart.plusWeeks(1);
    }
}
