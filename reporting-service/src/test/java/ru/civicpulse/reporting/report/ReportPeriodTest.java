package ru.civicpulse.reporting.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The days a report or brief covers, as its view, title and file name show them: Moscow days, {@code to} exclusive. */
class ReportPeriodTest {

    private static Report covering(String from, String to) {
        return new Report(UUID.randomUUID(), Report.Status.QUEUED, "voronezh", Instant.parse(from), Instant.parse(to),
                Report.Trigger.ON_DEMAND, "analyst", Instant.parse(from), null, null, null, null, null, null, null, null);
    }

    @Test
    void aWeekFromMidnightToMidnightEndsOnSunday() {
        Report week = covering("2026-11-15T21:00:00Z", "2026-11-22T21:00:00Z");
        assertThat(week.firstDay()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(week.lastDay()).isEqualTo(LocalDate.of(2026, 11, 22));
    }

    @Test
    void aPeriodEndingWithinADayIncludesThatDay() {
        // 23:30 UTC is 02:30 the next day in Moscow
        Report partial = covering("2026-11-16T23:30:00Z", "2026-11-18T09:00:00Z");
        assertThat(partial.firstDay()).isEqualTo(LocalDate.of(2026, 11, 17));
        assertThat(partial.lastDay()).isEqualTo(LocalDate.of(2026, 11, 18));
    }
}
