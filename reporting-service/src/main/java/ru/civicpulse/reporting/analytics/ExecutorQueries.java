package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.IncidentState;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Executors' figures as of {@code now}, read from the facts with their routes. A message's deadline
 * is its executor's hours for the message's group (else the executor's default); a message routed to
 * nobody has the service's group deadline ({@link ReportingConfig}, urgency aside). An incident counts
 * in a period when one of its residents' messages does; its group is the most common one of its
 * messages, its age that of its first message. Median and p90 are {@code percentile_cont} over the
 * waits to the second, as for {@code /responses}.
 */
final class ExecutorQueries {
    /** Label of the row of messages and incidents routed to nobody. */
    static final String UNROUTED = "без исполнителя";

    /** Message figures of one executor (null id: routed to nobody). */
    record MessageStats(long messages, long answered, Double medianSeconds, Double p90Seconds, long overdue) {
    }

    /** Incidents of one executor per state, and how many are overdue. */
    record IncidentStats(Map<String, Long> byState, long overdue) {
    }

    /** An executor as its row names it. */
    record Named(UUID id, String name, String kind, String municipality) {
    }

    private static final String OPEN_STATES = "('NEW', 'IN_PROGRESS')";

    private final ReportingConfig config;
    private final Instant now;

    ExecutorQueries(ReportingConfig config, Instant now) {
        this.config = config;
        this.now = now;
    }

    /** The executors of the scope's municipalities, by name. */
    static List<Named> executors(Connection c, AnalyticsQuery q) throws SQLException {
        Sql sql = new Sql("select id, name, kind, municipality from executors where true");
        q.municipalities().ifPresent(m -> sql.append("and municipality = any(?)", m));
        return sql.append("order by name, id").list(c, rs -> new Named(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getString("kind"), rs.getString("municipality")));
    }

    /** One executor, when it exists within the scope's municipalities. */
    static Optional<Named> executor(Connection c, AnalyticsQuery q, UUID id) throws SQLException {
        Sql sql = new Sql("select id, name, kind, municipality from executors where id = ?", id);
        q.municipalities().ifPresent(m -> sql.append("and municipality = any(?)", m));
        return sql.optional(c, rs -> new Named(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getString("kind"), rs.getString("municipality")));
    }

    /** Message figures per executor id (the null key: routed to nobody) for {@code [from, to)} of the query. */
    Map<UUID, MessageStats> messages(Connection c, AnalyticsQuery q) throws SQLException {
        Map<UUID, MessageStats> out = new HashMap<>();
        new Sql("with").append(messagesCte(q))
                .append("select executor_id, count(*) messages, count(first_reply_at) answered,"
                        + " percentile_cont(0.5) within group (order by wait) median, percentile_cont(0.9) within group (order by wait) p90,"
                        + " count(*) filter (where first_reply_at is null and deadline_at < ? or first_reply_at > deadline_at) overdue"
                        + " from f group by executor_id", now)
                .list(c, rs -> out.put(rs.getObject("executor_id", UUID.class), new MessageStats(rs.getLong("messages"),
                        rs.getLong("answered"), Sql.nullableDouble(rs, "median"), Sql.nullableDouble(rs, "p90"), rs.getLong("overdue"))));
        return out;
    }

    /** Incidents per executor id (the null key: routed to nobody) and state. */
    Map<UUID, IncidentStats> incidents(Connection c, AnalyticsQuery q) throws SQLException {
        Map<UUID, Map<String, Long>> states = new HashMap<>();
        Map<UUID, Long> overdue = new HashMap<>();
        new Sql("with").append(incidentsCte(q))
                .append("select executor_id, state, count(*) n, count(*) filter (where state in " + OPEN_STATES
                        + " and deadline_at < ?) overdue from x group by executor_id, state", now)
                .list(c, rs -> {
                    UUID id = rs.getObject("executor_id", UUID.class);
                    states.computeIfAbsent(id, k -> emptyStates()).merge(rs.getString("state"), rs.getLong("n"), Long::sum);
                    return overdue.merge(id, rs.getLong("overdue"), Long::sum);
                });
        Map<UUID, IncidentStats> out = new HashMap<>();
        states.forEach((id, byState) -> out.put(id, new IncidentStats(byState, overdue.get(id))));
        return out;
    }

    /** How many overdue messages and incidents the executor has in the period. */
    long overdueCount(Connection c, AnalyticsQuery q, UUID executor) throws SQLException {
        return new Sql("with").append(overdueItems(q, executor)).append("select count(*) n from items")
                .one(c, rs -> rs.getLong("n"));
    }

    /** The executor's overdue messages and incidents, the newest deadline miss first. */
    List<ExecutorOverdue.Item> overdue(Connection c, AnalyticsQuery q, UUID executor, int page, int size) throws SQLException {
        return new Sql("with").append(overdueItems(q, executor))
                .append("select * from items order by deadline_at desc, id limit ? offset ?", size, (long) page * size)
                .list(c, rs -> {
                    Instant deadline = Sql.instant(rs, "deadline_at");
                    Instant replied = rs.getTimestamp("replied_at") == null ? null : Sql.instant(rs, "replied_at");
                    String group = rs.getString("grp");
                    boolean message = "MESSAGE".equals(rs.getString("kind"));
                    return new ExecutorOverdue.Item(rs.getString("kind"), message ? UUID.fromString(rs.getString("id")) : null,
                            message ? null : rs.getString("id"), rs.getString("municipality"), Rows.emptyToNull(rs.getString("district")),
                            group, Taxonomy.groupLabel(group), message ? null : rs.getString("state"), rs.getString("text"),
                            Sql.instant(rs, "published_at"), replied, deadline,
                            Rows.hours(Duration.between(deadline, replied == null ? now : replied)));
                });
    }

    /** Incidents moved to DECISION_TAKEN in the period within the scope's municipalities, oldest first. */
    static List<Decision> decisions(Connection c, AnalyticsQuery q) throws SQLException {
        Sql sql = new Sql("select ch.incident_key, ch.changed_by, ch.changed_at, ch.comment, ex.name executor, i.grp, i.district"
                + " from incident_changes ch"
                + " left join incident_routes r on r.incident_key = ch.incident_key left join executors ex on ex.id = r.executor_id"
                + " left join lateral (select mode() within group (order by m.grp) grp, mode() within group (order by m.district) district"
                + " from messages m where m.incident_key = ch.incident_key and m." + ScopeSql.NOT_REPLY + ") i on true"
                + " where ch.to_state = 'DECISION_TAKEN' and ch.changed_at >= ? and ch.changed_at < ?", q.from(), q.to());
        q.municipalities().ifPresent(m -> sql.append("and ch.municipality = any(?)", m));
        return sql.append("order by ch.changed_at, ch.incident_key").list(c, rs -> {
            String group = rs.getString("grp");
            String district = Rows.emptyToNull(rs.getString("district"));
            return new Decision(rs.getString("incident_key"), group, group == null ? null : Taxonomy.groupLabel(group), district,
                    district == null ? null : Municipalities.districtLabel(district), rs.getString("executor"),
                    rs.getString("changed_by"), Sql.instant(rs, "changed_at"), rs.getString("comment"));
        });
    }

    static Map<String, Long> emptyStates() {
        Map<String, Long> states = new LinkedHashMap<>();
        for (IncidentState s : IncidentState.values()) {
            states.put(s.name(), 0L);
        }
        return states;
    }

    /**
     * CTE {@code f}: the period's residents' messages in scope with their executor, wait to the first
     * reply (seconds) and deadline.
     */
    private Sql messagesCte(AnalyticsQuery q) {
        return new Sql("f as (select m.message_id, m.municipality, m.district, m.grp, m.text, m.published_at, m.first_reply_at,"
                + " r.executor_id, round(extract(epoch from m.first_reply_at - m.published_at)) wait, m.published_at +")
                .append(deadlineSeconds("m.grp")).append("* interval '1 second' deadline_at"
                        + " from messages m left join message_routes r on r.message_id = m.message_id"
                        + " left join executors e on e.id = r.executor_id where")
                .append(ScopeSql.facts(q, q.from(), q.to(), "m.")).append(")");
    }

    /**
     * CTEs {@code keys}, {@code inc}, {@code x}: the incidents with a residents' message of the period
     * in scope, their first message, group, place, executor, state and deadline.
     */
    private Sql incidentsCte(AnalyticsQuery q) {
        return new Sql("keys as (select distinct m.incident_key from messages m where m.incident_key is not null and")
                .append(ScopeSql.facts(q, q.from(), q.to(), "m.")).append("),"
                        + " inc as (select m.incident_key, min(m.published_at) first_at, mode() within group (order by m.grp) grp,"
                        + " mode() within group (order by m.municipality) municipality, mode() within group (order by m.district) district"
                        + " from messages m join keys k on k.incident_key = m.incident_key where m." + ScopeSql.NOT_REPLY
                        + " group by m.incident_key),"
                        + " x as (select inc.*, r.executor_id, coalesce(s.state, 'NEW') state, inc.first_at +")
                .append(deadlineSeconds("inc.grp")).append("* interval '1 second' deadline_at from inc"
                        + " left join incident_routes r on r.incident_key = inc.incident_key"
                        + " left join executors e on e.id = r.executor_id"
                        + " left join incident_states s on s.incident_key = inc.incident_key)");
    }

    /** CTE {@code items}: one executor's overdue messages and incidents in one shape. */
    private Sql overdueItems(AnalyticsQuery q, UUID executor) {
        return messagesCte(q).append(",").append(incidentsCte(q))
                .append(", items as (select 'MESSAGE' kind, message_id::text id, municipality, district, grp, null state, text,"
                        + " published_at, first_reply_at replied_at, deadline_at from f where executor_id = ?"
                        + " and (first_reply_at is null and deadline_at < ? or first_reply_at > deadline_at)"
                        + " union all select 'INCIDENT', incident_key, municipality, district, grp, state, null, first_at, null, deadline_at"
                        + " from x where executor_id = ? and state in " + OPEN_STATES + " and deadline_at < ?)",
                        executor, now, executor, now);
    }

    /**
     * Seconds to answer a message of the group column {@code group} under executor alias {@code e}:
     * its hours for the group, else its default; without an executor, the service's group deadline.
     */
    private Sql deadlineSeconds(String group) {
        String serviceDeadlines = config.groupDeadlines().entrySet().stream()
                .map(d -> "\"" + d.getKey().replace("\\", "\\\\").replace("\"", "\\\"") + "\":" + d.getValue().toSeconds())
                .collect(Collectors.joining(",", "{", "}"));
        return new Sql("(case when e.id is null then coalesce((?::jsonb ->> " + group + ")::numeric, ?)"
                + " else coalesce((e.deadlines ->> " + group + ")::numeric, e.default_deadline_hours) * 3600 end)",
                serviceDeadlines, config.responseDeadline().toSeconds());
    }

    /** Rows in the order of the answer: overdue first, then busiest, then by name. */
    static List<ExecutorsResult.Executor> sorted(List<ExecutorsResult.Executor> rows) {
        List<ExecutorsResult.Executor> out = new ArrayList<>(rows);
        out.sort(java.util.Comparator.comparingLong(ExecutorsResult.Executor::overdue).reversed()
                .thenComparing(java.util.Comparator.comparingLong(ExecutorsResult.Executor::messages).reversed())
                .thenComparing(ExecutorsResult.Executor::name));
        return out;
    }
}
