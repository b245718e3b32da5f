package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.common.sql.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageKind;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes the read model. Callers run inside one transaction per batch: the fact rows are upserted
 * one by one (so a message repeated inside a batch is seen), and the rollup and distinct-author
 * deltas are summed and applied at the end in key order (fewer writes, no lock-order deadlocks
 * between service instances): rollups by {@link RollupWriter}, authors and their per-period sets
 * by {@link AuthorSetWriter}, response rows by {@link ResponseRebuilder}.
 */
@ApplicationScoped
public class ReadModelRepository {

    /** What the read model holds of a stored message: enough to undo its rollup contribution. */
    record Stored(Freshness freshness, boolean counted, BucketKey bucket, String tone, String authorRef,
                  UUID inReplyTo, boolean reply, Model model) {
    }

    /** What model_rollup counts of a message: its model version, whether it needs review, its confidence. */
    record Model(String version, boolean needsReview, long confidenceMicros) {
        /** Confidence in millionths, rounded half up; the same in SQL: {@code floor(confidence * 1000000 + 0.5)}. */
        static long micros(double confidence) {
            return (long) Math.floor(confidence * 1_000_000 + 0.5);
        }
    }

    /**
     * Deltas collected over one batch, each kind sorted by its table's key so that the flush writes
     * (and locks) rows in the same order in every instance.
     */
    public static final class Batch {
        /** Messages per day, bucket and tone (rollup_daily, rollup_periods). */
        private final SortedMap<RollupKey, Long> counts = new TreeMap<>();
        /** Per day, bucket and model version (model_rollup). */
        private final SortedMap<RollupKey, ModelDelta> models = new TreeMap<>();
        /** Messages per bucket day and author (authors, author_daily, author_sets). */
        private final SortedMap<AuthorKey, Long> authors = new TreeMap<>();
        /** Buckets whose response_daily row must be rebuilt: a message of theirs changed or was answered. */
        private final SortedSet<BucketKey> responses = new TreeSet<>();

        void add(BucketKey key, String tone, String authorRef, Model model, int delta) {
            responses.add(key);
            models.merge(new RollupKey(CalendarPeriod.DAY, key, model.version()), ModelDelta.of(model, delta), ModelDelta::plus);
            counts.merge(new RollupKey(CalendarPeriod.DAY, key, tone), (long) delta, Long::sum);
            if (authorRef == null) {
                return; // imported appeals name no author: counted, but not among unique authors
            }
            authors.merge(new AuthorKey(key, authorRef), (long) delta, Long::sum);
        }
    }

    @Inject
    AgroalDataSource dataSource;

    public Batch newBatch() {
        return new Batch();
    }

    /** Applies one classified message; returns false when an equal or newer classification is already stored. */
    public boolean apply(MessageClassified m, Batch batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<Stored> existing = load(c, m.messageId());
            Freshness incoming = new Freshness(m.revision(), m.modelVersion(), m.classifiedAt());
            if (existing.isPresent() && !incoming.isNewerThan(existing.get().freshness())) {
                return false;
            }
            existing.filter(Stored::counted).ifPresent(old -> batch.add(old.bucket(), old.tone(), old.authorRef(), old.model(), -1));
            upsert(c, m);
            SourceExecutorWriter.write(c, m, existing.isPresent());
            boolean reply = m.kind() == MessageKind.OFFICIAL_REPLY;
            if (!reply) {
                batch.add(bucketOf(m), tone(m), m.authorRef(),
                        new Model(m.modelVersion(), m.needsReview(), Model.micros(m.topic().confidence())), +1);
            }
            // A reply (re)sets the first reply time of what it answers; an earlier version may have answered another.
            if (reply && m.inReplyTo() != null) {
                refreshFirstReply(c, m.inReplyTo(), batch);
            }
            existing.filter(Stored::reply).map(Stored::inReplyTo)
                    .filter(old -> !old.equals(m.inReplyTo())).ifPresent(old -> refreshFirstReplyUnchecked(c, old, batch));
            return true;
        }
    }

    /**
     * Writes the batch's summed deltas. Every table is written in key order and the tables in one
     * fixed order (daily rollups, week and month rollups, model rollups, author ids, author days,
     * author sets, response days and months), so instances sharing the topic cannot deadlock on each other.
     */
    public void flush(Batch batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            RollupWriter.DAILY.write(c, batch.counts);
            RollupWriter.PERIODS.write(c, batch.counts);
            RollupWriter.MODELS.write(c, batch.models);
            AuthorSetWriter.apply(c, batch.authors);
            ResponseRebuilder.rebuild(c, batch.responses);
        }
    }

    static BucketKey bucketOf(MessageClassified m) {
        LocalDate day = m.publishedAt().atZone(CalendarPeriod.ZONE).toLocalDate();
        return new BucketKey(day, m.municipality(), district(m), m.topic().group(), m.source().name());
    }

    static String district(MessageClassified m) {
        return m.location() == null || m.location().district() == null ? "" : m.location().district();
    }

    static String tone(MessageClassified m) {
        return m.sentiment() == null || m.sentiment().label() == null ? "NEUTRAL" : m.sentiment().label().name();
    }

    private Optional<Stored> load(Connection c, UUID id) throws SQLException {
        return new Sql("""
                select revision, model_version, classified_at, kind, day, municipality, district, grp, source, tone,
                       author_ref, in_reply_to, needs_review, confidence
                from messages where message_id = ? for update""", id).optional(c, rs -> {
            boolean reply = MessageKind.OFFICIAL_REPLY.name().equals(rs.getString("kind"));
            return new Stored(
                    new Freshness(rs.getInt("revision"), rs.getString("model_version"), Sql.instant(rs, "classified_at")),
                    !reply,
                    BucketKey.of(rs),
                    rs.getString("tone"), rs.getString("author_ref"), rs.getObject("in_reply_to", UUID.class), reply,
                    new Model(rs.getString("model_version"), rs.getBoolean("needs_review"), Model.micros(rs.getDouble("confidence"))));
        });
    }

    private void upsert(Connection c, MessageClassified m) throws SQLException {
        BucketKey key = bucketOf(m);
        new Sql("""
                insert into messages (message_id, revision, model_version, classified_at, source, source_message_id,
                    channel_id, url, kind, in_reply_to, author_ref, text, published_at, day, municipality, district,
                    address, grp, topic, confidence, needs_review, tone, sentiment_score, urgency, urgency_reasons,
                    incident_key, first_reply_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    (select min(r.published_at) from messages r where r.in_reply_to = ? and r.kind = 'OFFICIAL_REPLY'))
                on conflict (message_id) do update set
                    revision = excluded.revision, model_version = excluded.model_version,
                    classified_at = excluded.classified_at, source = excluded.source,
                    source_message_id = excluded.source_message_id, channel_id = excluded.channel_id,
                    url = excluded.url, kind = excluded.kind, in_reply_to = excluded.in_reply_to,
                    author_ref = excluded.author_ref, text = excluded.text, published_at = excluded.published_at,
                    day = excluded.day, municipality = excluded.municipality, district = excluded.district,
                    address = excluded.address, grp = excluded.grp, topic = excluded.topic,
                    confidence = excluded.confidence, needs_review = excluded.needs_review, tone = excluded.tone,
                    sentiment_score = excluded.sentiment_score, urgency = excluded.urgency,
                    urgency_reasons = excluded.urgency_reasons, incident_key = excluded.incident_key""",
                m.messageId(), m.revision(), m.modelVersion(), m.classifiedAt(), m.source().name(), m.sourceMessageId(),
                m.channelId(), m.url(), m.kind().name(), m.inReplyTo(), m.authorRef(), m.text() == null ? "" : m.text(),
                m.publishedAt(), key.day(), m.municipality(), key.district(),
                m.location() == null ? null : m.location().address(), m.topic().group(), m.topic().topic(),
                m.topic().confidence(), m.needsReview(), tone(m), m.sentiment() == null ? 0.0 : m.sentiment().score(),
                m.urgency() == null || m.urgency().level() == null ? "NONE" : m.urgency().level().name(),
                m.urgency() == null ? null : String.join(",", m.urgency().reasons()),
                m.incidentKey(),
                m.messageId()).update(c);
    }

    /** Sets the first reply time of the answered message; its response_daily row is rebuilt at the flush. */
    private void refreshFirstReply(Connection c, UUID answered, Batch batch) throws SQLException {
        new Sql("""
                update messages set first_reply_at =
                    (select min(r.published_at) from messages r where r.in_reply_to = ? and r.kind = 'OFFICIAL_REPLY')
                where message_id = ?
                returning kind, day, municipality, district, grp, source""", answered, answered)
                .optional(c, rs -> MessageKind.OFFICIAL_REPLY.name().equals(rs.getString("kind")) ? null : BucketKey.of(rs))
                .ifPresent(batch.responses::add);
    }

    private void refreshFirstReplyUnchecked(Connection c, UUID answered, Batch batch) {
        try {
            refreshFirstReply(c, answered, batch);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
