package ru.civicpulse.reporting.messages;

import ru.civicpulse.common.sql.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads single messages and searches them (PostgreSQL full text, {@code russian} configuration). */
@ApplicationScoped
public class MessageRepository {

    public record MessageView(UUID messageId, String source, String url, String kind, UUID inReplyTo,
                              String municipality, String district, String group, String topic, double confidence,
                              boolean needsReview, String tone, String urgency, String incidentKey, String text,
                              Instant publishedAt, Instant firstReplyAt, String modelVersion) {
    }

    public record Page(long total, int page, int size, List<MessageView> items) {
    }

    private static final String COLUMNS = "message_id, source, url, kind, in_reply_to, municipality, district, grp, topic,"
            + " confidence, needs_review, tone, urgency, incident_key, text, published_at, first_reply_at, model_version";

    @Inject
    AgroalDataSource dataSource;

    /**
     * Messages matching {@code text} (web-search syntax: words, "phrases", -exclusions, or) within the
     * query's period, scope and filters; best match first, then newest. Official replies are included.
     */
    public Page search(String text, AnalyticsQuery query, int page, int size) {
        boolean hasText = text != null && !text.isBlank();
        Sql where = new Sql("published_at >= ? and published_at < ?", query.from(), query.to())
                .append(ScopeSql.filters(query, ""));
        if (hasText) {
            where.append("and search @@ websearch_to_tsquery('russian', ?)", text);
        }
        return Sql.onConnection(dataSource, "Could not search the messages", c -> {
            long total = new Sql("select count(*) n from messages where").append(where).list(c, rs -> rs.getLong("n")).get(0);
            Sql select = new Sql("select " + COLUMNS + " from messages where").append(where);
            if (hasText) {
                select.append("order by ts_rank(search, websearch_to_tsquery('russian', ?)) desc, published_at desc, message_id", text);
            } else {
                select.append("order by published_at desc, message_id");
            }
            select.append("limit ? offset ?", size, (long) page * size);
            return new Page(total, page, size, select.list(c, MessageRepository::view));
        });
    }

    /** The message if it exists within the given scope. */
    public Optional<MessageView> find(UUID id, Optional<java.util.Set<String>> scope) {
        Sql sql = new Sql("select " + COLUMNS + " from messages where message_id = ?", id);
        scope.ifPresent(s -> sql.append("and municipality = any(?)", s));
        return Sql.onConnection(dataSource, "Could not read message " + id, c -> sql.list(c, MessageRepository::view)).stream().findFirst();
    }

    private static MessageView view(ResultSet rs) throws SQLException {
        String district = rs.getString("district");
        return new MessageView(rs.getObject("message_id", UUID.class), rs.getString("source"), rs.getString("url"),
                rs.getString("kind"), rs.getObject("in_reply_to", UUID.class), rs.getString("municipality"),
                district == null || district.isEmpty() ? null : district, rs.getString("grp"), rs.getString("topic"),
                rs.getDouble("confidence"), rs.getBoolean("needs_review"), rs.getString("tone"), rs.getString("urgency"),
                rs.getString("incident_key"), rs.getString("text"), Sql.instant(rs, "published_at"),
                Sql.instant(rs, "first_reply_at"), rs.getString("model_version"));
    }
}
