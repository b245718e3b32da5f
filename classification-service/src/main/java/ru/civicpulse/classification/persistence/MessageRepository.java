package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /** A message revision. */
    public record Revision(UUID messageId, int revision) {
    }

    /** A message to keep as the latest revision, with its event as {@code payload}. */
    public record Latest(UUID messageId, int revision, String municipality, Instant publishedAt, String payload) {
    }

    /**
     * What {@link #storeLatest} did for one message: the revision stored before the statement (null
     * when the message is new) and whether the batch's newest revision of it is stored now.
     */
    public record Stored(Integer before, boolean kept) {
    }

    /**
     * Records the event ids with one statement; returns those not recorded before. The others are
     * re-deliveries, and an id given twice is new at most once.
     */
    public Set<UUID> markProcessed(Collection<UUID> eventIds, String consumer) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return Sql.onConnection(dataSource, "Could not record the processed events", c -> new HashSet<>(
                new Sql("insert into processed_events (event_id, consumer) select distinct e, ? from unnest(?::uuid[]) as e "
                        + "on conflict do nothing returning event_id", consumer, eventIds)
                        .list(c, rs -> rs.getObject("event_id", UUID.class))));
    }

    /**
     * Keeps, per message, the newest revision of the batch (the last of equal ones) unless a newer
     * one is stored, with one statement; the answer is keyed by message id.
     */
    public Map<UUID, Stored> storeLatest(List<Latest> batch) {
        if (batch.isEmpty()) {
            return Map.of();
        }
        List<UUID> ids = new ArrayList<>(batch.size());
        List<Integer> revisions = new ArrayList<>(batch.size());
        List<String> municipalities = new ArrayList<>(batch.size());
        List<Instant> published = new ArrayList<>(batch.size());
        List<String> payloads = new ArrayList<>(batch.size());
        for (Latest m : batch) {
            ids.add(m.messageId());
            revisions.add(m.revision());
            municipalities.add(m.municipality());
            published.add(m.publishedAt());
            payloads.add(m.payload());
        }
        // The statement's snapshot is taken before its insert, so "before" is what was stored until now.
        Sql upsert = new Sql("""
                with batch as (
                    select * from unnest(?::uuid[], ?::int[], ?::text[], ?::timestamptz[], ?::text[]) with ordinality
                        as b(message_id, revision, municipality, published_at, payload, n)),
                newest as (select distinct on (message_id) * from batch order by message_id, revision desc, n desc),
                kept as (
                    insert into messages (message_id, revision, municipality, published_at, payload)
                    select message_id, revision, municipality, published_at, payload from newest
                    on conflict (message_id) do update set revision = excluded.revision, municipality = excluded.municipality,
                        published_at = excluded.published_at, payload = excluded.payload
                    where messages.revision <= excluded.revision
                    returning message_id)
                select n.message_id, m.revision as before, n.message_id in (select message_id from kept) as kept
                from newest n left join messages m on m.message_id = n.message_id""",
                ids, revisions, municipalities, published, payloads);
        return Sql.onConnection(dataSource, "Could not store the messages", c -> upsert.list(c, rs -> Map.entry(
                rs.getObject("message_id", UUID.class), new Stored(rs.getObject("before", Integer.class), rs.getBoolean("kept")))))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
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

    /** Which of these revisions already have a result under this model, with one statement. */
    public Set<Revision> classified(Collection<Revision> revisions, String modelVersion) {
        if (revisions.isEmpty()) {
            return Set.of();
        }
        Sql query = new Sql("select c.message_id, c.revision from classifications c "
                + "join unnest(?::uuid[], ?::int[]) as r(message_id, revision) using (message_id, revision) "
                + "where c.model_version = ?",
                revisions.stream().map(Revision::messageId).toList(), revisions.stream().map(Revision::revision).toList(),
                modelVersion);
        return Sql.onConnection(dataSource, "Could not read classifications", c -> new HashSet<>(query.list(c,
                rs -> new Revision(rs.getObject("message_id", UUID.class), rs.getInt("revision")))));
    }

    /** The newest stored result of the message (latest revision, then latest classification). */
    public Optional<String> latestClassification(UUID messageId) {
        Sql query = new Sql("select payload from classifications where message_id = ? "
                + "order by revision desc, classified_at desc limit 1", messageId);
        return Sql.onConnection(dataSource, "Could not read classifications", c -> query.optional(c, rs -> rs.getString("payload")));
    }

    /** A message in a topic group. */
    public record InGroup(UUID messageId, String group) {
    }

    /** The incident of each message's latest earlier result in the given group, if any; one statement for all. */
    public Map<InGroup, String> previousIncidents(Collection<InGroup> subjects) {
        if (subjects.isEmpty()) {
            return Map.of();
        }
        Sql query = new Sql("select distinct on (c.message_id, c.topic_group) c.message_id, c.topic_group, c.incident_key "
                + "from classifications c join unnest(?::uuid[], ?::text[]) as s(message_id, topic_group) "
                + "using (message_id, topic_group) order by c.message_id, c.topic_group, c.classified_at desc",
                subjects.stream().map(InGroup::messageId).toList(), subjects.stream().map(InGroup::group).toList());
        return Sql.onConnection(dataSource, "Could not read classifications", c -> query.list(c, rs -> Map.entry(
                new InGroup(rs.getObject("message_id", UUID.class), rs.getString("topic_group")), rs.getString("incident_key"))))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
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
}
