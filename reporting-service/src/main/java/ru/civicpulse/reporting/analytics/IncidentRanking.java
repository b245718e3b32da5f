package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.IncidentState;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The incidents of a period ranked by concern. Every incident is ranked on hash aggregates (an
 * index-only scan of messages_incident_time); only the top ones get their most common place and
 * topic, and quotes.
 */
final class IncidentRanking {

    /** The figures of an incident (or of a topic, {@link #byTopic}) before its place and quotes are known. */
    record Ranked(String key, Instant firstSeen, Instant lastSeen, long messages, long uniqueAuthors,
                  double growth, double negativeShare, long emergency, long elevated, double concernScore) {
    }

    /** The most common place and topic of an incident's messages. */
    record Place(String municipality, String district, String group, String topic) {
    }

    /** What the concern score ranks: incidents, or topics (the live-broadcast brief's worries). */
    private static final String INCIDENT = "incident_key";
    private static final String TOPIC = "topic";

    private IncidentRanking() {
    }

    /**
     * Topics ranked by the incidents' concern score computed over all of a topic's messages (its
     * authors, growth, negative share and urgency), so the brief and the incident list rank alike.
     * {@code only}: further conditions ({@code and ...}) on the messages.
     */
    static List<Ranked> byTopic(Connection c, AnalyticsQuery q, Sql only, int limit) throws SQLException {
        return ranked(c, q, TOPIC, only, limit);
    }

    static IncidentsResult top(Connection c, AnalyticsQuery q, int limit) throws SQLException {
        return new IncidentsResult(complete(c, q, ranked(c, q, INCIDENT, new Sql(""), limit)));
    }

    /**
     * One incident over its whole life (first to last message) within the caller's scope; empty
     * when none of its messages is in scope.
     */
    static Optional<IncidentsResult.Incident> one(Connection c, Optional<Set<String>> scope, String incidentKey)
            throws SQLException {
        AnalyticsQuery all = new AnalyticsQuery(AnalyticsQuery.EARLIEST, AnalyticsQuery.LATEST, scope, null, null, null);
        List<Instant[]> span = new Sql("select min(published_at) f, max(published_at) l from messages where incident_key = ? and",
                incidentKey).append(ScopeSql.facts(all, all.from(), all.to(), ""))
                .list(c, rs -> new Instant[]{Sql.instant(rs, "f"), Sql.instant(rs, "l")});
        if (span.isEmpty() || span.get(0)[0] == null) {
            return Optional.empty();
        }
        AnalyticsQuery life = all.withPeriod(span.get(0)[0], span.get(0)[1].plusMillis(1));
        return complete(c, life, ranked(c, life, INCIDENT, new Sql("and incident_key = ?", incidentKey), 1)).stream().findFirst();
    }

    /** Adds place, quotes and workflow state to ranked incidents. */
    private static List<IncidentsResult.Incident> complete(Connection c, AnalyticsQuery q, List<Ranked> ranked)
            throws SQLException {
        if (ranked.isEmpty()) {
            return List.of();
        }
        List<String> keys = ranked.stream().map(Ranked::key).toList();
        Map<String, Place> places = places(c, q, keys);
        Map<String, List<IncidentsResult.Quote>> quotes = quotes(c, q, keys);
        Map<String, IncidentState> states = states(c, keys);
        return ranked.stream().map(i -> {
            Place p = places.get(i.key());
            return new IncidentsResult.Incident(i.key(), p.municipality(), p.district(),
                    Municipalities.districtLabel(p.district()), p.group(), Taxonomy.groupLabel(p.group()), p.topic(),
                    i.firstSeen(), i.lastSeen(), i.messages(), i.uniqueAuthors(), i.growth(), i.negativeShare(),
                    i.emergency(), i.elevated(), i.concernScore(), quotes.getOrDefault(i.key(), List.of()),
                    states.getOrDefault(i.key(), IncidentState.NEW));
        }).toList();
    }

    /** Current workflow states; an incident nobody changed has no row (NEW). */
    private static Map<String, IncidentState> states(Connection c, List<String> keys) throws SQLException {
        Map<String, IncidentState> states = new HashMap<>();
        new Sql("select incident_key, state from incident_states where incident_key = any(?)", keys)
                .list(c, rs -> states.put(rs.getString("incident_key"), IncidentState.valueOf(rs.getString("state"))));
        return states;
    }

    /**
     * The top incidents (or topics: {@code key} is the column grouped by) by concern score; per key
     * and author first (distinct authors are then the author rows), in one pass.
     */
    private static List<Ranked> ranked(Connection c, AnalyticsQuery q, String key, Sql only, int limit) throws SQLException {
        Instant mid = q.from().plus(q.length().dividedBy(2));
        Sql sql = new Sql("""
                with per_author as (
                    select {key} key, author_ref, min(published_at) first_seen, max(published_at) last_seen,
                           count(*) n,
                           count(*) filter (where published_at < ?) first_half,
                           count(*) filter (where published_at >= ?) second_half,
                           count(*) filter (where tone = 'NEGATIVE') neg,
                           count(*) filter (where urgency = 'EMERGENCY') em,
                           count(*) filter (where urgency = 'ELEVATED') el
                    from messages where {key} is not null and""".replace("{key}", key), mid, mid).append(ScopeSql.facts(q, q.from(), q.to(), ""))
                .append(only).append("""
                    group by key, author_ref),
                agg as (
                    select key, min(first_seen) first_seen, max(last_seen) last_seen, sum(n) n,
                           count(author_ref) authors, sum(first_half) first_half, sum(second_half) second_half,
                           sum(neg) neg, sum(em) em, sum(el) el
                    from per_author group by key),
                scored as (
                    select *, second_half::float8 / greatest(first_half, 1) - 1 growth from agg)
                select *, authors * (1 + least(greatest(growth, 0), 2) / 2)
                                  * (1 + neg::float8 / n)
                                  * (1 + least(1.0, (2 * em + el)::float8 / n)) score
                from scored order by score desc, n desc, key limit ?""", Math.max(0, limit));
        return sql.list(c, rs -> {
            long n = rs.getLong("n");
            return new Ranked(rs.getString("key"), Sql.instant(rs, "first_seen"), Sql.instant(rs, "last_seen"), n,
                    rs.getLong("authors"), rs.getDouble("growth"), Statistics.share(rs.getLong("neg"), n), rs.getLong("em"),
                    rs.getLong("el"), rs.getDouble("score"));
        });
    }

    private static Map<String, Place> places(Connection c, AnalyticsQuery q, List<String> keys) throws SQLException {
        Map<String, Place> places = new HashMap<>();
        new Sql("""
                select incident_key,
                       mode() within group (order by municipality) municipality,
                       mode() within group (order by district) district,
                       mode() within group (order by grp) grp,
                       mode() within group (order by topic) topic
                from messages where incident_key = any(?) and""", keys)
                .append(ScopeSql.facts(q, q.from(), q.to(), "")).append("group by incident_key")
                .list(c, rs -> places.put(rs.getString("incident_key"), new Place(rs.getString("municipality"),
                        Rows.emptyToNull(rs.getString("district")), rs.getString("grp"), rs.getString("topic"))));
        return places;
    }

    /** Up to three quotes per incident: the most urgent, then the most negative, then the newest. */
    private static Map<String, List<IncidentsResult.Quote>> quotes(Connection c, AnalyticsQuery q, List<String> keys)
            throws SQLException {
        Sql quotes = new Sql("""
                select * from (
                    select incident_key, message_id, text, source, url, published_at,
                           row_number() over (partition by incident_key order by
                               case urgency when 'EMERGENCY' then 0 when 'ELEVATED' then 1 else 2 end,
                               sentiment_score, published_at desc, message_id) rn
                    from messages where incident_key = any(?) and""", keys)
                .append(ScopeSql.facts(q, q.from(), q.to(), ""))
                .append(") q where rn <= 3 order by incident_key, rn");
        Map<String, List<IncidentsResult.Quote>> byKey = new HashMap<>();
        quotes.list(c, rs -> byKey.computeIfAbsent(rs.getString("incident_key"), k -> new ArrayList<>())
                .add(new IncidentsResult.Quote(rs.getObject("message_id", UUID.class), rs.getString("text"),
                        rs.getString("source"), rs.getString("url"), Sql.instant(rs, "published_at"))));
        return byKey;
    }
}
