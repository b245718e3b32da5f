package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Counts per group of an uploaded external source (external_stats), for comparing sources. */
final class SourceCounts {

    private SourceCounts() {
    }

    /** Whether statistics of the source were ever uploaded. */
    static boolean known(Connection c, String source) throws SQLException {
        return !new Sql("select 1 from external_stats where source = ? limit 1", source).list(c, rs -> 1).isEmpty();
    }

    /** Messages per group of the source in the period; a published figure counts in proportion to the days its period shares with ours. */
    static Map<String, Long> external(Connection c, AnalyticsQuery q, String source) throws SQLException {
        Sql sql = new Sql("""
                select grp, sum(count * (least(period_end + 1, ?) - greatest(period_start, ?))::float8
                                 / (period_end + 1 - period_start)) n
                from external_stats where source = ? and period_start < ? and period_end >= ?""",
                q.toDayExclusive(), q.fromDay(), source, q.toDayExclusive(), q.fromDay());
        q.municipalities().ifPresent(m -> sql.append("and municipality = any(?)", m));
        if (q.group() != null) {
            sql.append("and grp = ?", q.group());
        }
        sql.append("group by grp");
        Map<String, Long> out = new HashMap<>();
        sql.list(c, rs -> out.put(rs.getString("grp"), Math.round(rs.getDouble("n"))));
        return out;
    }
}
