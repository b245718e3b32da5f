package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the alerts are made of: per group and district counts of a window and its baseline, unanswered emergencies. */
final class AlertQueries {

    /** A group in a district with at least the minimum count in the window; {@code baseline} counts the days before. */
    record WindowCount(String group, String municipality, String district, long count, long baseline) {
    }

    private AlertQueries() {
    }

    /** Counts in {@code [windowStart, windowEnd)} and {@code [baselineStart, windowStart)} from rollup_daily. */
    static List<WindowCount> windowCounts(Connection c, AnalyticsQuery q, LocalDate baselineStart, LocalDate windowStart,
                                          LocalDate windowEnd, int minCount) throws SQLException {
        Sql sql = new Sql("""
                select grp, municipality, district,
                       coalesce(sum(count) filter (where day >= ?), 0) cnt,
                       coalesce(sum(count) filter (where day < ?), 0) base
                from rollup_daily where day >= ? and day < ?""", windowStart, windowStart, baselineStart, windowEnd)
                .append(ScopeSql.filters(q, ""))
                .append("group by grp, municipality, district having coalesce(sum(count) filter (where day >= ?), 0) >= ?",
                        windowStart, minCount);
        return sql.list(c, rs -> new WindowCount(rs.getString("grp"), rs.getString("municipality"),
                Rows.emptyToNull(rs.getString("district")), rs.getLong("cnt"), rs.getLong("base")));
    }

    /** The period's earliest unanswered EMERGENCY messages (at most {@link Rows#LIST_LIMIT}), with how long they wait. */
    static List<AlertsResult.Emergency> unansweredEmergencies(Connection c, AnalyticsQuery q, Instant now) throws SQLException {
        // The ids first, from the covering index of unanswered messages without reading the table, then their rows.
        List<UUID> ids = new Sql("select message_id from messages where urgency = 'EMERGENCY' and first_reply_at is null and")
                .append(ScopeSql.facts(q, q.from(), q.to(), "")).append("order by published_at, message_id limit " + Rows.LIST_LIMIT)
                .list(c, rs -> rs.getObject("message_id", UUID.class));
        Sql em = new Sql("select message_id, municipality, district, grp, text, url, published_at from messages"
                + " where message_id = any(?::uuid[]) order by published_at, message_id", ids);
        return em.list(c, rs -> {
            String district = Rows.emptyToNull(rs.getString("district"));
            Instant published = Sql.instant(rs, "published_at");
            return new AlertsResult.Emergency(rs.getObject("message_id", UUID.class), rs.getString("municipality"),
                    district, Municipalities.districtLabel(district), rs.getString("grp"),
                    Taxonomy.groupLabel(rs.getString("grp")), rs.getString("text"), rs.getString("url"), published,
                    Rows.hours(Duration.between(published, now)));
        });
    }
}
