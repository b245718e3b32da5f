package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Processed event ids, the latest revision of each ingested message and every classification
 * result. All writes happen inside the caller's transaction, together with the outbox row.
 */
@ApplicationScoped
public class MessageRepository {

    public record StoredMessage(UUID messageId, int revision, Instant publishedAt, String payload) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Records an event id; false if it was recorded before (a re-delivery). */
    public boolean markProcessed(UUID eventId, String consumer) {
        return update("insert into processed_events (event_id, consumer) values (?, ?) on conflict do nothing",
                eventId, consumer) == 1;
    }

    /** Keeps the message if it is new or a newer revision; false if a newer revision is already stored. */
    public boolean upsertLatest(UUID messageId, int revision, String municipality, Instant publishedAt, String payload) {
        return update("insert into messages (message_id, revision, municipality, published_at, payload) values (?, ?, ?, ?, ?) "
                        + "on conflict (message_id) do update set revision = excluded.revision, municipality = excluded.municipality, "
                        + "published_at = excluded.published_at, payload = excluded.payload "
                        + "where messages.revision <= excluded.revision",
                messageId, revision, municipality, publishedAt, payload) == 1;
    }

    /** How many messages were published in [from, to). */
    public int count(Instant from, Instant to) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from messages where published_at >= ? and published_at < ?")) {
            Jdbc.bind(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** One page of the latest message revisions published in [from, to), ordered, after the given key. */
    public List<StoredMessage> page(Instant from, Instant to, Instant afterPublished, UUID afterId, int limit) {
        String sql = "select message_id, revision, published_at, payload from messages where published_at >= ? and published_at < ? "
                + "and (published_at, message_id) > (?, ?) order by published_at, message_id limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, from, to, afterPublished, afterId, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredMessage> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(new StoredMessage(rs.getObject(1, UUID.class), rs.getInt(2), Jdbc.instant(rs.getTimestamp(3)), rs.getString(4)));
                }
                return result;
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** The stored result of this revision under this model, if it was classified before. */
    public Optional<String> classification(UUID messageId, int revision, String modelVersion) {
        return single("select payload from classifications where message_id = ? and revision = ? and model_version = ?",
                messageId, revision, modelVersion);
    }

    /** The incident an earlier result of the message was put in, if it had the same group. */
    public Optional<String> previousIncident(UUID messageId, String group) {
        return single("select incident_key from classifications where message_id = ? and topic_group = ? "
                + "order by classified_at desc limit 1", messageId, group);
    }

    /** A result row for {@link #insertClassifications}. */
    public record ClassificationRow(UUID messageId, int revision, String modelVersion, String group, String incidentKey,
                                    Instant classifiedAt, String payload) {
    }

    /** Stores results with one batched statement; an existing (message, revision, model) row is kept. */
    public void insertClassifications(List<ClassificationRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into classifications (message_id, revision, model_version, "
                     + "topic_group, incident_key, classified_at, payload) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (ClassificationRow r : rows) {
                Jdbc.bind(ps, r.messageId(), r.revision(), r.modelVersion(), r.group(), r.incidentKey(), r.classifiedAt(), r.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    private Optional<String> single(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }
}
