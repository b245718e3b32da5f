package ru.civicpulse.reporting.open311;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.IncidentState;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicDefinition;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Incidents as GeoReport v2 service requests, scoped like {@code /api/v1/incidents}: an incident is
 * made of the residents' messages with its key in the caller's municipalities.
 */
@ApplicationScoped
public class ServiceRequests {
    /** The specification's default page: at most this many requests per answer, newest first. */
    static final int MAX_RESULTS = 1000;
    static final Set<IncidentState> CLOSED = Set.of(IncidentState.RESOLVED, IncidentState.REJECTED);

    /** What {@code requests.json} filters on: {@code [from, to)} of the first message; null = any. */
    public record Filter(Instant from, Instant to, String group, Set<IncidentState> states) {
    }

    @Inject
    AgroalDataSource dataSource;

    public List<Open311.ServiceRequest> find(Optional<Set<String>> scope, Filter f) {
        ScopeSql.Scope s = scope(scope);
        // candidates: incidents with a message in the period (their first one cannot be later)
        Sql only = new Sql("and incident_key in (select incident_key from messages where incident_key is not null and")
                .append(ScopeSql.facts(s, f.from(), f.to(), "")).append(")");
        Sql sql = query(s, only).append("and i.first_seen >= ? and i.first_seen < ?", f.from(), f.to());
        if (f.group() != null) {
            sql.append("and i.grp = ?", f.group());
        }
        if (f.states() != null) {
            sql.append("and coalesce(st.state, 'NEW') = any(?)", f.states().stream().map(Enum::name).toList());
        }
        return Sql.onConnection(dataSource, "Reading incidents failed", c -> sql.append("order by i.first_seen desc, i.incident_key limit ?", MAX_RESULTS)
                .list(c, ServiceRequests::request));
    }

    public Optional<Open311.ServiceRequest> one(Optional<Set<String>> scope, String incidentKey) {
        Sql sql = query(scope(scope), new Sql("and incident_key = ?", incidentKey));
        return Sql.onConnection(dataSource, "Reading incidents failed", c -> sql.optional(c, ServiceRequests::request));
    }

    /** Incidents of the scope narrowed by {@code only}, with their state and most telling message. */
    private static Sql query(ScopeSql.Scope s, Sql only) {
        return new Sql("""
                select i.*, st.state, st.changed_at, st.comment, ex.name agency,
                       (select m.text from messages m where m.incident_key = i.incident_key and m.""" + ScopeSql.NOT_REPLY)
                .append(ScopeSql.filters(s, "m."))
                .append("""
                        order by case m.urgency when 'EMERGENCY' then 0 when 'ELEVATED' then 1 else 2 end,
                                 m.sentiment_score, m.published_at desc, m.message_id limit 1) quote
                        from (select incident_key, min(published_at) first_seen, max(published_at) last_seen,
                                     mode() within group (order by municipality) municipality,
                                     mode() within group (order by district) district,
                                     mode() within group (order by grp) grp,
                                     mode() within group (order by topic) topic
                              from messages where incident_key is not null and""" + " " + ScopeSql.NOT_REPLY)
                .append(ScopeSql.filters(s, "")).append(only)
                .append("group by incident_key) i left join incident_states st on st.incident_key = i.incident_key")
                .append("left join incident_routes ir on ir.incident_key = i.incident_key left join executors ex on ex.id = ir.executor_id")
                .append("where true");
    }

    private static ScopeSql.Scope scope(Optional<Set<String>> scope) {
        return new AnalyticsQuery(AnalyticsQuery.EARLIEST, AnalyticsQuery.LATEST, scope, null, null, null);
    }

    private static Open311.ServiceRequest request(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        IncidentState current = state == null ? IncidentState.NEW : IncidentState.valueOf(state);
        String group = rs.getString("grp");
        String topic = rs.getString("topic");
        String quote = rs.getString("quote");
        String description = quote != null && !quote.isBlank() ? quote
                : Optional.ofNullable(topic).flatMap(Taxonomy::topic).map(TopicDefinition::label).orElse(Taxonomy.groupLabel(group));
        Instant lastMessage = Sql.instant(rs, "last_seen");
        Instant changed = Sql.instant(rs, "changed_at");
        Instant updated = changed != null && changed.isAfter(lastMessage) ? changed : lastMessage;
        return new Open311.ServiceRequest(rs.getString("incident_key"), CLOSED.contains(current) ? "closed" : "open",
                rs.getString("comment"), Taxonomy.groupLabel(group), group, description, rs.getString("agency"), Sql.instant(rs, "first_seen"),
                updated, address(rs.getString("municipality"), rs.getString("district")));
    }

    /** The municipality's and the district's labels: the read model knows places down to districts. */
    private static String address(String municipality, String district) {
        String town = Municipalities.byCode(municipality).map(Municipality::label).orElse(municipality);
        return district == null || district.isEmpty() ? town : town + ", " + Municipalities.districtLabel(district);
    }
}
