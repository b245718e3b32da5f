package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.reporting.sql.CalendarPeriod;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages and unique authors per group, and messages per day and group: the period's whole days
 * from the rollups and author sets, partial days at its edges from the facts.
 */
final class TopicCounts {

    /** Messages of one group on one day (a day may appear once from the rollups and once per partial span). */
    record DayCount(LocalDate day, String group, long count) {
    }

    private TopicCounts() {
    }

    /**
     * Messages per group: the whole days from the rollups (whole months and weeks from
     * rollup_periods, the days left over from rollup_daily), partial days at the edges from the facts.
     */
    static Map<String, Long> groupCounts(Connection c, AnalyticsQuery q) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        Sql.RowMapper<Long> add = rs -> out.merge(rs.getString("grp"), rs.getLong("n"), Long::sum);
        if (q.hasWholeDays()) {
            List<CalendarPeriod.Piece> pieces = CalendarPeriod.cover(q.wholeDaysFrom(), q.wholeDaysEnd());
            List<LocalDate> days = CalendarPeriod.starts(pieces, CalendarPeriod.DAY);
            if (!days.isEmpty()) {
                new Sql("select grp, sum(count) n from rollup_daily where day = any(?::text[]::date[])", days)
                        .append(ScopeSql.filters(q, "")).append("group by grp").list(c, add);
            }
            if (days.size() < pieces.size()) {
                new Sql("select grp, sum(count) n from rollup_periods where")
                        .append(ScopeSql.periods(pieces, CalendarPeriod.WEEK, CalendarPeriod.MONTH))
                        .append(ScopeSql.filters(q, "")).append("group by grp").list(c, add);
            }
        }
        for (AnalyticsQuery.Span span : q.partialDays()) {
            new Sql("select grp, count(*) n from messages where").append(ScopeSql.facts(q, span.from(), span.to(), ""))
                    .append("group by grp").list(c, add);
        }
        return out;
    }

    /**
     * Distinct authors per group; the key {@code null} holds the distinct authors over all groups.
     * Exact: the whole days are covered by day, week and month author sets ({@link CalendarPeriod#cover})
     * whose union is taken here; partial days at the edges add their authors from the facts.
     */
    static Map<String, Long> groupAuthors(Connection c, AnalyticsQuery q) throws SQLException {
        Map<String, BitSet> byGroup = new HashMap<>();
        if (q.hasWholeDays()) {
            List<CalendarPeriod.Piece> pieces = CalendarPeriod.cover(q.wholeDaysFrom(), q.wholeDaysEnd());
            new Sql("select grp, array_send(authors) authors from author_sets where")
                    .append(ScopeSql.periods(pieces, CalendarPeriod.values()))
                    .append(ScopeSql.filters(q, "")).binaryResults()
                    .list(c, rs -> {
                        BitSet authors = byGroup.computeIfAbsent(rs.getString("grp"), g -> new BitSet());
                        for (int id : Sql.intArray(rs, "authors")) {
                            authors.set(id);
                        }
                        return authors;
                    });
        }
        for (AnalyticsQuery.Span span : q.partialDays()) {
            new Sql("select m.grp, a.id from messages m join authors a on a.author_ref = m.author_ref where")
                    .append(ScopeSql.facts(q, span.from(), span.to(), "m."))
                    .list(c, rs -> {
                        byGroup.computeIfAbsent(rs.getString(1), g -> new BitSet()).set(rs.getInt(2));
                        return null;
                    });
        }
        Map<String, Long> out = new HashMap<>();
        BitSet all = new BitSet();
        byGroup.forEach((group, authors) -> {
            out.put(group, (long) authors.cardinality());
            all.or(authors);
        });
        out.put(null, (long) all.cardinality());
        return out;
    }

    /** Messages per day and group: whole days from rollup_daily, each partial day from the facts. */
    static List<DayCount> daily(Connection c, AnalyticsQuery q) throws SQLException {
        List<Sql> parts = new ArrayList<>();
        if (q.hasWholeDays()) {
            parts.add(new Sql("select day, grp, sum(count) n from rollup_daily where day >= ? and day < ?",
                    q.wholeDaysFrom(), q.wholeDaysEnd()).append(ScopeSql.filters(q, "")));
        }
        for (AnalyticsQuery.Span span : q.partialDays()) {
            parts.add(new Sql("select day, grp, count(*) n from messages where").append(ScopeSql.facts(q, span.from(), span.to(), "")));
        }
        List<DayCount> out = new ArrayList<>();
        for (Sql sql : parts) {
            out.addAll(sql.append("group by day, grp")
                    .list(c, rs -> new DayCount(rs.getObject("day", LocalDate.class), rs.getString("grp"), rs.getLong("n"))));
        }
        return out;
    }
}
