package ru.civicpulse.reporting.sql;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A run of days is covered by day, week and month pieces exactly once, with few pieces. */
class CalendarPeriodTest {

    @Test
    void calendarPeriodsAreOnePieceEach() {
        assertThat(CalendarPeriod.cover(LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1)))
                .hasSize(12).allMatch(p -> p.period() == CalendarPeriod.MONTH);
        assertThat(CalendarPeriod.cover(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 12, 1)))
                .extracting(CalendarPeriod.Piece::period).containsExactly(CalendarPeriod.MONTH, CalendarPeriod.MONTH, CalendarPeriod.MONTH);
        // 2026-11-23 is a Monday
        assertThat(CalendarPeriod.cover(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 30)))
                .containsExactly(new CalendarPeriod.Piece(CalendarPeriod.WEEK, LocalDate.of(2026, 11, 23)));
        assertThat(CalendarPeriod.cover(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21)))
                .containsExactly(new CalendarPeriod.Piece(CalendarPeriod.DAY, LocalDate.of(2026, 11, 20)));
        // Wednesday to Wednesday across a month's end: days only
        assertThat(CalendarPeriod.cover(LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 7)))
                .hasSize(7).allMatch(p -> p.period() == CalendarPeriod.DAY);
    }

    @Test
    void randomRunsAreCoveredExactlyOnce() {
        Random random = new Random(20261129);
        LocalDate origin = LocalDate.of(2023, 12, 1);
        for (int i = 0; i < 5000; i++) {
            LocalDate from = origin.plusDays(random.nextInt(800));
            LocalDate to = from.plusDays(1 + random.nextInt(i % 10 == 0 ? 800 : 70));
            List<CalendarPeriod.Piece> pieces = CalendarPeriod.cover(from, to);
            LocalDate next = from;
            for (CalendarPeriod.Piece p : pieces) {
                assertThat(p.start()).as("%s..%s", from, to).isEqualTo(next);
                assertThat(p.period().startOf(p.start())).isEqualTo(p.start());
                next = p.period().end(p.start());
            }
            assertThat(next).as("%s..%s", from, to).isEqualTo(to);
            assertThat(pieces.stream().filter(p -> p.period() == CalendarPeriod.DAY)).hasSizeLessThanOrEqualTo(24);
            assertThat(pieces.stream().filter(p -> p.period() == CalendarPeriod.WEEK)).hasSizeLessThanOrEqualTo(8);
        }
    }
}
