package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
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
        return update(new Sql("insert into processed_events (event_id, consumer) values (?, ?) on conflict do nothing",
                eventId, consumer)) == 1;
    }

    /** Keeps the message if it is new or a newer revision; false if a newer revision is already stored. */
    public boolean upsertLatest(UUID messageId, int revision, String municipality, Instant publishedAt, String payload) {
        return update(new Sql("insert into messages (message_id, revision, municipality, published_at, payload) values (?, ?, ?, ?, ?) "
                        + "on conflict (message_id) do update set revision = excluded.revision, municipality = excluded.municipality, "
                        + "published_at = excluded.published_at, payload = excluded.payload "
                        + "where messages.revision <= excluded.revision",
                messageId, revision, municipality, publishedAt, payload)) == 1;
    }

    /** How many messages were published in [from, to). */
    public int count(Instant from, Instant to) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select count(*) as n from messages where published_at >= ? and published_at < ?", from, to)
                    .one(c, rs -> rs.getInt("n"));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not count messages", e);
        }
    }

    /** One page of the latest message revisions published in [from, to), ordered, after the given key. */
    public List<StoredMessage> page(Instant from, Instant to, Instant afterPublished, UUID afterId, int limit) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select message_id, revision, published_at, payload from messages where published_at >= ? "
                    + "and published_at < ? and (published_at, message_id) > (?, ?) order by published_at, message_id limit ?",
                    from, to, afterPublished, afterId, limit)
                    .list(c, rs -> new StoredMessage(rs.getObject("message_id", UUID.class), rs.getInt("revision"),
                            Sql.instant(rs, "published_at"), rs.getString("payload")));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read messages", e);
        }
    }

    /** The stored result of this revision under this model, if it was classified before. */
    public Optional<String> classification(UUID messageId, int revision, String modelVersion) {
        return text(new Sql("select payload as value from classifications where message_id = ? and revision = ? "
                + "and model_version = ?", messageId, revision, modelVersion));
    }

    /** The newest stored result of the message (latest revision, then latest classification). */
    public Optional<String> latestClassification(UUID messageId) {
        return text(new Sql("select payload as value from classifications where message_id = ? "
                + "order by revision desc, classified_at desc limit 1", messageId));
    }

    /** The incident an earlier result of the message was put in, if it had the same group. */
    public Optional<String> previousIncident(UUID messageId, String group) {
        return text(new Sql("select incident_key as value from classifications where message_id = ? and topic_group = ? "
                + "order by classified_at desc limit 1", messageId, group));
    }

    /** A result row for {@link #insertClassifications}. */
    public record ClassificationRow(UUID messageId, int revision, String modelVersion, String group, String incidentKey,
                                    Instant classifiedAt, String payload) {
    }

    /** Stores results with one batched statement; an existing (message, revision, model) row is kept. */
    public void insertClassifications(List<ClassificationRow> rows) {
        Sql.Batch batch = Sql.batch("insert into classifications (message_id, revision, model_version, topic_group, "
                + "incident_key, classified_at, payload) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing");
        for (ClassificationRow r : rows) {
            batch.add(r.messageId(), r.revision(), r.modelVersion(), r.group(), r.incidentKey(), r.classifiedAt(), r.payload());
        }
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            batch.execute(c);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not store classifications", e);
        }
    }

    /** The {@code value} column of the first row; empty when there is no row or it is null. */
    private Optional<String> text(Sql query) {
        try (Connection c = dataSource.getConnection()) {
            return query.optional(c, rs -> rs.getString("value"));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read classifications", e);
        }
    }

    private int update(Sql statement) {
        try (Connection c = dataSource.getConnection()) {
            return statement.update(c);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not store the message", e);
        }
    }
}
