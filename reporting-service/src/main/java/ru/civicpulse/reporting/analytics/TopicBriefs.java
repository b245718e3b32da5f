package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicDefinition;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the live-broadcast brief says about each of the period's top worries: topics ranked by the
 * concern score ({@link IncidentRanking#byTopic}), then per topic its trend, places, replies,
 * decisions, open incidents and residents' messages. Optionally only the messages routed to one
 * executor ({@code message_routes}).
 */
public final class TopicBriefs {

    private TopicBriefs() {
    }

    static List<TopicBrief> top(Connection c, AnalyticsQuery q, UUID executor, int limit, int messagesPerTopic)
            throws SQLException {
        Sql routed = executor == null ? new Sql("")
                : new Sql("and message_id in (select message_id from message_routes where executor_id = ?)", executor);
        List<IncidentRanking.Ranked> ranked = IncidentRanking.byTopic(c, q, routed, limit);
        if (ranked.isEmpty()) {
            return List.of();
        }
        List<String> topics = ranked.stream().map(IncidentRanking.Ranked::key).toList();
        Sql mine = new Sql("and topic = any(?)", topics).append(routed);
        Map<String, Long> previous = new HashMap<>();
        new Sql("select topic, count(*) n from messages where").append(ScopeSql.facts(q, q.previous().from(), q.from(), ""))
                .append(mine).append("group by topic")
                .list(c, rs -> previous.put(rs.getString("topic"), rs.getLong("n")));
        Map<String, List<DayCount>> daily = new HashMap<>();
        new Sql("select topic, day, count(*) n from messages where").append(ScopeSql.facts(q, q.from(), q.to(), ""))
                .append(mine).append("group by topic, day order by topic, day")
                .list(c, rs -> daily.computeIfAbsent(rs.getString("topic"), t -> new ArrayList<>())
                        .add(new DayCount(rs.getObject("day", LocalDate.class), rs.getLong("n"))));
        Map<String, List<DistrictCount>> districts = new HashMap<>();
        new Sql("select topic, district, count(*) n from messages where").append(ScopeSql.facts(q, q.from(), q.to(), ""))
                .append(mine).append("group by topic, district order by topic, n desc, district")
                .list(c, rs -> districts.computeIfAbsent(rs.getString("topic"), t -> new ArrayList<>())
                        .add(new DistrictCount(Rows.emptyToNull(rs.getString("district")),
                                Municipalities.districtLabel(Rows.emptyToNull(rs.getString("district"))), rs.getLong("n"))));
        Map<String, Object[]> replies = new HashMap<>();
        new Sql("""
                select topic, count(*) filter (where first_reply_at is not null) answered,
                       percentile_cont(0.5) within group (order by extract(epoch from first_reply_at - published_at))
                           filter (where first_reply_at is not null) / 3600 median_hours
                from messages where""").append(ScopeSql.facts(q, q.from(), q.to(), "")).append(mine).append("group by topic")
                .list(c, rs -> replies.put(rs.getString("topic"),
                        new Object[]{rs.getLong("answered"), Sql.nullableDouble(rs, "median_hours")}));
        Sql incidents = new Sql("(select distinct topic, incident_key from messages where incident_key is not null and")
                .append(ScopeSql.facts(q, q.from(), q.to(), "")).append(mine).append(")");
        Map<String, List<Decision>> decisions = new HashMap<>();
        new Sql("""
                select t.topic, ch.incident_key, ch.to_state, ch.comment, ch.changed_at,
                       (select mode() within group (order by m.district) from messages m where m.incident_key = ch.incident_key) district
                from incident_changes ch join""").append(incidents).append("""
                t on t.incident_key = ch.incident_key
                where ch.to_state in ('DECISION_TAKEN', 'RESOLVED')
                order by t.topic, ch.changed_at, ch.incident_key, ch.sequence""")
                .list(c, rs -> decisions.computeIfAbsent(rs.getString("topic"), t -> new ArrayList<>())
                        .add(new Decision(rs.getString("incident_key"),
                                Municipalities.districtLabel(Rows.emptyToNull(rs.getString("district"))),
                                rs.getString("to_state"), rs.getString("comment"), Sql.instant(rs, "changed_at"))));
        Map<String, Long> open = new HashMap<>();
        new Sql("select t.topic, count(*) filter (where coalesce(s.state, 'NEW') not in ('RESOLVED', 'REJECTED')) n from")
                .append(incidents).append("t left join incident_states s on s.incident_key = t.incident_key group by t.topic")
                .list(c, rs -> open.put(rs.getString("topic"), rs.getLong("n")));
        Map<String, List<Message>> messages = new HashMap<>();
        new Sql("""
                select topic, text, published_at, answered from (
                    select topic, text, published_at, first_reply_at is not null answered,
                           row_number() over (partition by topic order by published_at desc, message_id) rn
                    from messages where""").append(ScopeSql.facts(q, q.from(), q.to(), "")).append(mine)
                .append(") m where rn <= ? order by topic, published_at", messagesPerTopic)
                .list(c, rs -> messages.computeIfAbsent(rs.getString("topic"), t -> new ArrayList<>())
                        .add(new Message(rs.getString("text"), Sql.instant(rs, "published_at"), rs.getBoolean("answered"))));

        List<TopicBrief> out = new ArrayList<>();
        for (IncidentRanking.Ranked r : ranked) {
            String topic = r.key();
            TopicDefinition def = Taxonomy.topic(topic).orElse(null);
            String group = def != null ? def.group() : topic.contains("/") ? topic.substring(0, topic.indexOf('/')) : null;
            Object[] reply = replies.getOrDefault(topic, new Object[]{0L, null});
            out.add(new TopicBrief(topic, def != null ? def.label() : topic, group, Taxonomy.groupLabel(group),
                    r.messages(), r.uniqueAuthors(), previous.getOrDefault(topic, 0L), r.growth(), r.negativeShare(),
                    r.concernScore(), daily.getOrDefault(topic, List.of()), districts.getOrDefault(topic, List.of()),
                    (Long) reply[0], (Double) reply[1], decisions.getOrDefault(topic, List.of()), open.getOrDefault(topic, 0L),
                    messages.getOrDefault(topic, List.of())));
        }
        return out;
    }

    /** A topic's figures for the brief; texts as stored (masked at intake). */
    public record TopicBrief(String topic, String topicLabel, String group, String groupLabel, long messages,
                             long uniqueAuthors, long previousMessages, double growth, double negativeShare,
                             double concernScore, List<DayCount> daily, List<DistrictCount> districts, long answered,
                             Double medianReplyHours, List<Decision> decisions, long openIncidents, List<Message> texts) {
    }

    public record DayCount(LocalDate day, long count) {
    }

    public record DistrictCount(String district, String label, long count) {
    }

    /** An incident of the topic moved to DECISION_TAKEN or RESOLVED, with the official's comment. */
    public record Decision(String incidentKey, String districtLabel, String state, String comment, Instant changedAt) {
    }

    /** A resident's message of the topic: newest {@code messagesPerTopic} of the period. */
    public record Message(String text, Instant publishedAt, boolean answered) {
    }
}
