package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.reporting.sql.CalendarPeriod;
import ru.civicpulse.common.sql.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageKind;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes the read model. Callers run inside one transaction per batch and hand over the batch's
 * events at once ({@link #apply}): one statement per table writes the fact rows (only the newest
 * event per message), then the rollup and distinct-author deltas are summed and applied at the end
 * ({@link #flush}): rollups by {@link RollupWriter}, authors and their per-period sets by
 * {@link AuthorSetWriter}, response rows by {@link ResponseWriter}.
 *
 * <p>Lock order, the same in every instance so that instances sharing the topic cannot deadlock:
 * tables in a fixed order (messages, source_executors, daily rollups, week and month rollups, model
 * rollups, authors, author days, author sets, response days and months), and within a table rows in
 * key order. The fact rows of the batch's messages and of the messages its replies answer are locked
 * by one {@code select … order by message_id for update}; only the message a stored reply answered
 * before it was moved to another is locked later, when its response entry is read (by the first reply
 * refresh in a rebuild's batch).
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
        /** Per bucket day, how its response_daily row changes: a message of it changed or was answered. */
        private final SortedMap<BucketKey, ResponseWriter.Change> responses = new TreeMap<>();
        /** False for a rebuild, which writes only the fact rows and derives every other table once at its end. */
        private final boolean derived;

        private Batch(boolean derived) {
            this.derived = derived;
        }

        void add(BucketKey key, String tone, String authorRef, Model model, int delta) {
            if (!derived) {
                return;
            }
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

    /** A batch of the live consumer: facts and every derived table. */
    public Batch newBatch() {
        return new Batch(true);
    }

    /** A batch of a rebuild: fact rows only; the derived tables are written from them at its end. */
    public Batch factsOnlyBatch() {
        return new Batch(false);
    }

    /**
     * What a batch's events did: {@code applied} and {@code stale} count them as if they had been
     * applied one by one in order (each event newer than everything before it for its message is
     * applied, so two newer revisions in one batch are both applied); {@code stored} holds, per
     * message, the event whose version the read model now holds, in message id order.
     */
    public record Outcome(int applied, int stale, List<MessageClassified> stored) {
    }

    /** Message ids in PostgreSQL's uuid order (unsigned, byte by byte), the order rows are locked in. */
    static final Comparator<UUID> ID_ORDER = Comparator.comparing(UUID::toString);

    /**
     * Applies a batch of valid classified messages with one statement per table: locks and loads the
     * stored rows, keeps per message the newest event, upserts those, brings their source executors
     * in step and refreshes the first reply time of every message a reply of the batch answers (or
     * answered before it changed).
     */
    public Outcome apply(List<MessageClassified> events, Batch batch) throws SQLException {
        SortedSet<UUID> ids = new TreeSet<>(ID_ORDER);
        for (MessageClassified m : events) {
            ids.add(m.messageId());
            // the messages the replies answer are locked with the rest, in the same key order
            if (m.kind() == MessageKind.OFFICIAL_REPLY && m.inReplyTo() != null) {
                ids.add(m.inReplyTo());
            }
        }
        if (ids.isEmpty()) {
            return new Outcome(0, 0, List.of());
        }
        try (Connection c = dataSource.getConnection()) {
            Map<UUID, Stored> stored = load(c, ids);
            SortedMap<UUID, MessageClassified> fresh = new TreeMap<>(ID_ORDER);
            Map<UUID, Freshness> newest = new HashMap<>();
            stored.forEach((id, s) -> newest.put(id, s.freshness()));
            int applied = 0;
            for (MessageClassified m : events) {
                Freshness incoming = freshness(m);
                Freshness before = newest.get(m.messageId());
                if (before == null || incoming.isNewerThan(before)) {
                    newest.put(m.messageId(), incoming);
                    fresh.put(m.messageId(), m);
                    applied++;
                }
            }
            List<Object[]> rows = new ArrayList<>(fresh.size());
            Sql.Batch executors = Sql.batch(SourceExecutorWriter.UPSERT);
            List<UUID> executorsGone = new ArrayList<>();
            SortedSet<UUID> answered = new TreeSet<>(ID_ORDER);
            for (MessageClassified m : fresh.values()) {
                Optional<Stored> existing = Optional.ofNullable(stored.get(m.messageId()));
                existing.filter(Stored::counted).ifPresent(old -> batch.add(old.bucket(), old.tone(), old.authorRef(), old.model(), -1));
                boolean reply = m.kind() == MessageKind.OFFICIAL_REPLY;
                if (!reply) {
                    batch.add(bucketOf(m), tone(m), m.authorRef(),
                            new Model(m.modelVersion(), m.needsReview(), Model.micros(m.topic().confidence())), +1);
                }
                rows.add(factRow(m));
                SourceExecutorWriter.add(m, existing.isPresent(), executors, executorsGone);
                // A reply (re)sets the first reply time of what it answers; an earlier version may have answered another.
                if (reply && m.inReplyTo() != null) {
                    answered.add(m.inReplyTo());
                }
                existing.filter(Stored::reply).map(Stored::inReplyTo)
                        .filter(old -> !old.equals(m.inReplyTo())).ifPresent(answered::add);
            }
            // what the messages contribute to response_daily before and after, their rows locked (the
            // batch's were locked by load; a message an earlier version of a reply answered is locked here)
            SortedSet<UUID> responding = new TreeSet<>(ID_ORDER);
            responding.addAll(fresh.keySet());
            responding.addAll(answered);
            Map<UUID, ResponseWriter.Entry> before = batch.derived ? ResponseWriter.entries(c, responding, true) : Map.of();
            upsertFacts(c, rows);
            SourceExecutorWriter.write(c, executors, executorsGone);
            refreshFirstReplies(c, answered);
            if (batch.derived) {
                ResponseWriter.collect(before, ResponseWriter.entries(c, responding, false), batch.responses);
            }
            return new Outcome(applied, events.size() - applied, List.copyOf(fresh.values()));
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
            ResponseWriter.write(c, batch.responses);
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

    static Freshness freshness(MessageClassified m) {
        return new Freshness(m.revision(), m.modelVersion(), m.classifiedAt());
    }

    /** Locks the stored rows of {@code ids} in id order and reads them. */
    private Map<UUID, Stored> load(Connection c, SortedSet<UUID> ids) throws SQLException {
        // Sql binds a collection as text[]; the cast makes it the uuid[] the key column compares with
        return new Sql("""
                select message_id, revision, model_version, classified_at, kind, day, municipality, district, grp, source,
                       tone, author_ref, in_reply_to, needs_review, confidence
                from messages where message_id = any(?::uuid[]) order by message_id for update""", ids).list(c, rs -> {
            boolean reply = MessageKind.OFFICIAL_REPLY.name().equals(rs.getString("kind"));
            return Map.entry(rs.getObject("message_id", UUID.class), new Stored(
                    new Freshness(rs.getInt("revision"), rs.getString("model_version"), Sql.instant(rs, "classified_at")),
                    !reply,
                    BucketKey.of(rs),
                    rs.getString("tone"), rs.getString("author_ref"), rs.getObject("in_reply_to", UUID.class), reply,
                    new Model(rs.getString("model_version"), rs.getBoolean("needs_review"), Model.micros(rs.getDouble("confidence")))));
        }).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The fact columns an event gives, in {@link #factRow}'s order ({@code first_reply_at} is derived). */
    private static final List<String> FACT_COLUMNS = List.of("message_id", "revision", "model_version", "classified_at",
            "source", "source_message_id", "channel_id", "url", "kind", "in_reply_to", "author_ref", "text", "published_at",
            "day", "municipality", "district", "address", "grp", "topic", "confidence", "needs_review", "tone",
            "sentiment_score", "urgency", "urgency_reasons", "incident_key");

    /** Moves the staged fact rows into messages, in message id order; a new row takes its first reply time from the stored replies. */
    private static final String MOVE_FACTS = "insert into messages (" + String.join(", ", FACT_COLUMNS) + ", first_reply_at)"
            + " select " + String.join(", ", FACT_COLUMNS) + ","
            + " (select min(r.published_at) from messages r where r.in_reply_to = i.message_id and r.kind = 'OFFICIAL_REPLY')"
            + " from incoming_facts i order by message_id on conflict (message_id) do update set "
            + FACT_COLUMNS.stream().skip(1).map(col -> col + " = excluded." + col).collect(Collectors.joining(", "));

    /**
     * Inserts or replaces the batch's fact rows (in message id order): they are copied into a staging
     * table of the transaction, then moved by one statement. A new row takes its first reply time from
     * the replies stored before that statement; replies written by the same statement are counted by
     * {@link #refreshFirstReplies}. The staging table is the session's own and empty between batches.
     */
    private static void upsertFacts(Connection c, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        new Sql("create temp table if not exists incoming_facts (like messages) on commit delete rows").update(c);
        Sql.copyRows(c, "incoming_facts", FACT_COLUMNS, rows);
        new Sql(MOVE_FACTS).update(c);
        // a second batch in the same transaction must not see these rows again
        new Sql("delete from incoming_facts").update(c);
    }

    private static Object[] factRow(MessageClassified m) {
        BucketKey key = bucketOf(m);
        return new Object[]{
                m.messageId(), m.revision(), m.modelVersion(), m.classifiedAt(), m.source().name(), m.sourceMessageId(),
                m.channelId(), m.url(), m.kind().name(), m.inReplyTo(), m.authorRef(), m.text() == null ? "" : m.text(),
                m.publishedAt(), key.day(), m.municipality(), key.district(),
                m.location() == null ? null : m.location().address(), m.topic().group(), m.topic().topic(),
                m.topic().confidence(), m.needsReview(), tone(m), m.sentiment() == null ? 0.0 : m.sentiment().score(),
                m.urgency() == null || m.urgency().level() == null ? "NONE" : m.urgency().level().name(),
                m.urgency() == null ? null : String.join(",", m.urgency().reasons()),
                m.incidentKey()};
    }

    /** Sets the first reply time of the answered messages from the replies now stored (including the batch's). */
    private static void refreshFirstReplies(Connection c, SortedSet<UUID> answered) throws SQLException {
        if (answered.isEmpty()) {
            return;
        }
        new Sql("""
                update messages m set first_reply_at =
                    (select min(r.published_at) from messages r where r.in_reply_to = m.message_id and r.kind = 'OFFICIAL_REPLY')
                where m.message_id = any(?::uuid[])""", answered).update(c);
    }
}
