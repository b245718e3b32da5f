package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.reporting.sql.CalendarPeriod;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What each model version classified: whole days from model_rollup, partial days from the facts. */
final class ModelVersions {

    /** Messages of a version, how many need review, the sum of their confidences in millionths. */
    record Tally(long messages, long needsReview, long confidenceMicros) {
        Tally plus(Tally o) {
            return new Tally(messages + o.messages, needsReview + o.needsReview, confidenceMicros + o.confidenceMicros);
        }
    }

    private ModelVersions() {
    }

    static Map<String, Tally> byVersion(Connection c, AnalyticsQuery q) throws SQLException {
        Map<String, Tally> out = new HashMap<>();
        Sql.RowMapper<Tally> add = rs -> out.merge(rs.getString("model_version"),
                new Tally(rs.getLong("n"), rs.getLong("review"), rs.getLong("micros")), Tally::plus);
        if (q.hasWholeDays()) {
            List<CalendarPeriod.Piece> pieces = CalendarPeriod.cover(q.wholeDaysFrom(), q.wholeDaysEnd());
            new Sql("select model_version, sum(messages) n, sum(needs_review) review, sum(confidence_micros) micros"
                    + " from model_rollup where").append(ScopeSql.periods(pieces, CalendarPeriod.values()))
                    .append(ScopeSql.filters(q, "")).append("group by model_version").list(c, add);
        }
        for (AnalyticsQuery.Span span : q.partialDays()) {
            new Sql("select model_version, count(*) n, count(*) filter (where needs_review) review,"
                    + " sum(floor(confidence * 1000000 + 0.5))::bigint micros from messages where")
                    .append(ScopeSql.facts(q, span.from(), span.to(), "")).append("group by model_version").list(c, add);
        }
        return out;
    }
}
