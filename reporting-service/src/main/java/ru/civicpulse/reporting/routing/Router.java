package ru.civicpulse.reporting.routing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageKind;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes routes: those of arriving messages and of the incidents they open (in the read model's
 * batch transaction), and the re-routing of the current period after a rule changed.
 * <p>
 * A rule change holds its municipality's advisory lock exclusively; a batch takes it shared before it
 * reads the rules, so it routes with the rules as they are once the change is committed. Messages a
 * batch holds locked are skipped by the re-routing for that reason (the batch routes them itself),
 * which also keeps the two from waiting on each other.
 */
@ApplicationScoped
public class Router {
    /** The current period a changed rule re-routes: incidents and messages of the last seven days. */
    public static final Duration PERIOD = Duration.ofDays(7);

    /** How many routes a rule change changed. */
    @RegisterForReflection
    public record Rerouted(int incidents, int messages) {
    }

    @RegisterForReflection
    public record ExecutorRef(UUID id, String name) {
    }

    @RegisterForReflection
    public record RoutedBy(UUID ruleId, String why) {
    }

    /** Who a message or incident is routed to, and by which rule. */
    @RegisterForReflection
    public record Assignment(ExecutorRef executor, RoutedBy routedBy) {
    }

    /** A message or incident with its stored route (null ids: unrouted). */
    private record Routed(String key, String municipality, RoutingEngine.Target target, UUID executorId, UUID ruleId) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Routes the residents' messages a batch applied and gives each incident seen for the first time
     * the route of its first message. Set-based: the rules of the batch's municipalities are read once,
     * and each table is written by one statement.
     */
    public void routeArrivals(Collection<MessageClassified> applied) throws SQLException {
        Map<UUID, MessageClassified> messages = new TreeMap<>();
        applied.stream().filter(m -> m.kind() != MessageKind.OFFICIAL_REPLY).forEach(m -> messages.put(m.messageId(), m));
        if (messages.isEmpty()) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection()) {
            Set<String> municipalities = messages.values().stream().map(MessageClassified::municipality)
                    .collect(Collectors.toCollection(TreeSet::new));
            for (String m : municipalities) {
                new Sql("select pg_advisory_xact_lock_shared(hashtext(?)) locked", lockKey(m)).one(c, rs -> 1);
            }
            Map<String, List<RoutingEngine.Rule>> rules = rules(c, municipalities);
            List<Routed> routed = new ArrayList<>();
            for (MessageClassified m : messages.values()) {
                String district = m.location() == null || m.location().district() == null || m.location().district().isEmpty()
                        ? null : m.location().district();
                routed.add(new Routed(m.messageId().toString(), m.municipality(), new RoutingEngine.Target(m.topic().group(),
                        m.topic().topic(), district, m.location() == null ? null : m.location().address()), null, null));
            }
            writeMessages(c, routed, rules, now);

            Set<String> keys = messages.values().stream().map(MessageClassified::incidentKey).filter(k -> k != null)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!keys.isEmpty()) {
                // per unrouted key its first message, one index probe each: a cluster of thousands of
                // messages is not read whole for every batch that adds to it
                List<Routed> incidents = new Sql("""
                        select f.* from unnest(?::text[]) u(key)
                        cross join lateral (
                            select m.incident_key k, m.municipality, m.grp, m.topic, m.district, m.address from messages m
                            where m.incident_key = u.key and m.kind <> 'OFFICIAL_REPLY'
                            order by m.published_at, m.message_id limit 1) f
                        where not exists (select 1 from incident_routes r where r.incident_key = u.key)
                        order by f.k""", keys).list(c, rs -> routed(rs, false));
                Set<String> missing = incidents.stream().map(Routed::municipality).filter(x -> !rules.containsKey(x))
                        .collect(Collectors.toSet());
                rules.putAll(rules(c, missing));
                writeIncidents(c, incidents, rules, now, "on conflict (incident_key) do nothing");
            }
        }
    }

    /**
     * Re-routes the current period of a municipality under its rules as they are now: the messages
     * published within {@link #PERIOD} whose incident (if any) is not RESOLVED or REJECTED, and the
     * incidents that are not closed and have a message within the period (routed as their first
     * message). Older messages and closed incidents keep their routes. Runs in the caller's transaction.
     */
    Rerouted reroute(Connection c, String municipality) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant since = now.minus(PERIOD);
        Map<String, List<RoutingEngine.Rule>> rules = rules(c, Set.of(municipality));
        List<Routed> messages = new Sql("""
                select m.message_id k, m.municipality, m.grp, m.topic, m.district, m.address, r.executor_id, r.rule_id
                from messages m
                left join message_routes r on r.message_id = m.message_id
                left join incident_states s on s.incident_key = m.incident_key
                where m.municipality = ? and m.kind <> 'OFFICIAL_REPLY' and m.published_at >= ?
                  and coalesce(s.state, 'NEW') not in ('RESOLVED', 'REJECTED')
                order by m.message_id
                for key share of m skip locked""", municipality, since).list(c, rs -> routed(rs, true));
        List<Routed> incidents = new Sql("""
                with recent as (
                    select distinct incident_key from messages
                    where municipality = ? and kind <> 'OFFICIAL_REPLY' and published_at >= ? and incident_key is not null),
                first as (
                    select distinct on (m.incident_key) m.incident_key, m.municipality, m.grp, m.topic, m.district, m.address
                    from messages m join recent using (incident_key)
                    where m.kind <> 'OFFICIAL_REPLY' order by m.incident_key, m.published_at, m.message_id)
                select f.incident_key k, f.municipality, f.grp, f.topic, f.district, f.address, r.executor_id, r.rule_id
                from first f
                left join incident_routes r using (incident_key)
                left join incident_states s using (incident_key)
                where f.municipality = ? and coalesce(s.state, 'NEW') not in ('RESOLVED', 'REJECTED')
                order by f.incident_key""", municipality, since, municipality).list(c, rs -> routed(rs, true));
        int m = writeMessages(c, changed(messages, rules), rules, now);
        int i = writeIncidents(c, changed(incidents, rules), rules, now,
                "on conflict (incident_key) do update set executor_id = excluded.executor_id, rule_id = excluded.rule_id,"
                        + " routed_at = excluded.routed_at, municipality = excluded.municipality");
        return new Rerouted(i, m);
    }

    /** Takes the municipality's routing lock exclusively until the transaction ends (rule changes). */
    void lockExclusively(Connection c, String municipality) throws SQLException {
        new Sql("select pg_advisory_xact_lock(hashtext(?)) locked", lockKey(municipality)).one(c, rs -> 1);
    }

    /** The executor and rule of a message; empty when it is not routed. */
    @Transactional
    public Optional<Assignment> ofMessage(UUID messageId) {
        return assignment("message_routes", "message_id", messageId);
    }

    /** The executor and rule of an incident; empty when it is not routed. */
    @Transactional
    public Optional<Assignment> ofIncident(String incidentKey) {
        return assignment("incident_routes", "incident_key", incidentKey);
    }

    private Optional<Assignment> assignment(String table, String keyColumn, Object key) {
        Sql sql = new Sql("select e.name executor_name, r.* from " + table + " x join executors e on e.id = x.executor_id"
                + " join routing_rules r on r.id = x.rule_id where x." + keyColumn + " = ?", key);
        return Sql.onConnection(dataSource, "Could not read a route", c -> sql.optional(c, rs -> {
            RoutingEngine.Rule rule = RoutingRules.rule(rs);
            return new Assignment(new ExecutorRef(rule.executorId(), rs.getString("executor_name")), new RoutedBy(rule.id(), rule.why()));
        }));
    }

    /** Active rules of the municipalities, by municipality (an empty list for one without rules). */
    static Map<String, List<RoutingEngine.Rule>> rules(Connection c, Set<String> municipalities) throws SQLException {
        Map<String, List<RoutingEngine.Rule>> rules = new HashMap<>();
        municipalities.forEach(m -> rules.put(m, new ArrayList<>()));
        if (municipalities.isEmpty()) {
            return rules;
        }
        new Sql("select * from routing_rules where retired_at is null and municipality = any(?)", municipalities)
                .list(c, rs -> rules.get(rs.getString("municipality")).add(RoutingRules.rule(rs)));
        return rules;
    }

    /** Those whose route under {@code rules} differs from the stored one. */
    private static List<Routed> changed(List<Routed> routed, Map<String, List<RoutingEngine.Rule>> rules) {
        return routed.stream().filter(r -> {
            Optional<RoutingEngine.Route> route = RoutingEngine.route(r.target(), rules.get(r.municipality()));
            return route.map(x -> !x.ruleId().equals(r.ruleId()) || !x.executorId().equals(r.executorId()))
                    .orElse(r.ruleId() != null);
        }).toList();
    }

    /** Writes the routes of messages under {@code rules} (deleting those now unrouted); returns how many. */
    private static int writeMessages(Connection c, List<Routed> messages, Map<String, List<RoutingEngine.Rule>> rules,
                                     Instant now) throws SQLException {
        Columns columns = Columns.of(messages, rules);
        if (!columns.keys.isEmpty()) {
            new Sql("""
                    insert into message_routes (message_id, executor_id, rule_id, routed_at)
                    select k, e, r, ? from unnest(?::uuid[], ?::uuid[], ?::uuid[]) as t(k, e, r)
                    on conflict (message_id) do update set executor_id = excluded.executor_id, rule_id = excluded.rule_id,
                        routed_at = excluded.routed_at""", now, columns.keys, columns.executors, columns.rules).update(c);
        }
        if (!columns.unrouted.isEmpty()) {
            new Sql("delete from message_routes where message_id = any(?::uuid[])", columns.unrouted).update(c);
        }
        return messages.size();
    }

    /** Writes the routes of incidents under {@code rules} (deleting those now unrouted); returns how many. */
    private static int writeIncidents(Connection c, List<Routed> incidents, Map<String, List<RoutingEngine.Rule>> rules,
                                      Instant now, String onConflict) throws SQLException {
        Columns columns = Columns.of(incidents, rules);
        if (!columns.keys.isEmpty()) {
            new Sql("insert into incident_routes (incident_key, municipality, executor_id, rule_id, routed_at)"
                    + " select k, m, e, r, ? from unnest(?::text[], ?::text[], ?::uuid[], ?::uuid[]) as t(k, m, e, r) "
                    + onConflict, now, columns.keys, columns.municipalities, columns.executors, columns.rules).update(c);
        }
        if (!columns.unrouted.isEmpty()) {
            new Sql("delete from incident_routes where incident_key = any(?)", columns.unrouted).update(c);
        }
        return incidents.size();
    }

    /** Routes as parallel arrays for one set-based statement, and the keys left unrouted. */
    private record Columns(List<String> keys, List<String> municipalities, List<String> executors, List<String> rules,
                           List<String> unrouted) {
        static Columns of(List<Routed> routed, Map<String, List<RoutingEngine.Rule>> rules) {
            Columns c = new Columns(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (Routed r : routed) {
                Optional<RoutingEngine.Route> route = RoutingEngine.route(r.target(), rules.getOrDefault(r.municipality(), List.of()));
                if (route.isPresent()) {
                    c.keys.add(r.key());
                    c.municipalities.add(r.municipality());
                    c.executors.add(route.get().executorId().toString());
                    c.rules.add(route.get().ruleId().toString());
                } else {
                    c.unrouted.add(r.key());
                }
            }
            return c;
        }
    }

    /** A row with key {@code k}, the target's columns and, when {@code stored}, the stored route's ids. */
    private static Routed routed(ResultSet rs, boolean stored) throws SQLException {
        String district = rs.getString("district");
        return new Routed(rs.getString("k"), rs.getString("municipality"), new RoutingEngine.Target(rs.getString("grp"),
                rs.getString("topic"), district == null || district.isEmpty() ? null : district, rs.getString("address")),
                stored ? rs.getObject("executor_id", UUID.class) : null, stored ? rs.getObject("rule_id", UUID.class) : null);
    }

    private static String lockKey(String municipality) {
        return "routing:" + municipality;
    }
}
