package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.common.sql.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageKind;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * between service instances). Author counts per day feed the per-period author sets
 * ({@link AuthorSetWriter}).
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

    /** Rollup and author key without tone/author. */
    record BucketKey(LocalDate day, String municipality, String district, String group, String source)
            implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey o) {
            int c = day.compareTo(o.day);
            if (c == 0) c = municipality.compareTo(o.municipality);
            if (c == 0) c = district.compareTo(o.district);
            if (c == 0) c = group.compareTo(o.group);
            if (c == 0) c = source.compareTo(o.source);
            return c;
        }

        String id() {
            return day + "|" + municipality + "|" + district + "|" + group + "|" + source;
        }
    }

    /** Deltas collected over one batch. */
    public static final class Batch {
        private final Map<String, long[]> rollups = new TreeMap<>();
        private final Map<String, Object[]> rollupKeys = new TreeMap<>();
        private final Map<String, long[]> authors = new TreeMap<>();
        private final Map<String, Object[]> authorKeys = new TreeMap<>();
        /** Buckets whose response_daily row must be rebuilt: a message of theirs changed or was answered. */
        private final SortedSet<BucketKey> responses = new TreeSet<>();
        /** Per bucket and model version: messages, needing review, confidence in millionths. */
        private final SortedMap<String, Object[]> models = new TreeMap<>();

        void add(BucketKey key, String tone, String authorRef, Model model, int delta) {
            responses.add(key);
            long[] m = (long[]) models.computeIfAbsent(key.id() + "|" + model.version(),
                    k -> new Object[]{key, model.version(), new long[3]})[2];
            m[0] += delta;
            m[1] += model.needsReview() ? delta : 0;
            m[2] += delta * model.confidenceMicros();
            String r = key.id() + "|" + tone;
            rollups.computeIfAbsent(r, k -> new long[1])[0] += delta;
            rollupKeys.putIfAbsent(r, new Object[]{key, tone});
            if (authorRef == null) {
                return; // imported appeals name no author: counted, but not among unique authors
            }
            String a = key.id() + "|" + authorRef;
            authors.computeIfAbsent(a, k -> new long[1])[0] += delta;
            authorKeys.putIfAbsent(a, new Object[]{key, authorRef});
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
            try (PreparedStatement up = c.prepareStatement("""
                    insert into rollup_daily (day, municipality, district, grp, source, tone, count)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (day, municipality, district, grp, source, tone)
                    do update set count = rollup_daily.count + excluded.count""")) {
                for (var e : batch.rollups.entrySet()) {
                    long delta = e.getValue()[0];
                    if (delta == 0) {
                        continue;
                    }
                    Object[] key = batch.rollupKeys.get(e.getKey());
                    bindKey(up, (BucketKey) key[0]);
                    up.setString(6, (String) key[1]);
                    up.setLong(7, delta);
                    up.addBatch();
                }
                up.executeBatch();
            }
            // Emptied buckets go away, so "no row" and "zero" never disagree.
            try (PreparedStatement del = c.prepareStatement("delete from rollup_daily where count <= 0 and day = any(?)")) {
                del.setArray(1, c.createArrayOf("date", batch.rollupKeys.values().stream()
                        .map(k -> ((BucketKey) k[0]).day()).distinct().toArray()));
                del.executeUpdate();
            }
            flushPeriodRollups(c, batch);
            flushModelRollups(c, batch);
            SortedMap<AuthorDay, Integer> deltas = authorDeltas(c, batch);
            if (!deltas.isEmpty()) {
                AuthorSetWriter.apply(c, applyAuthorDays(c, deltas));
            }
            rebuildResponses(c, batch.responses);
        }
    }

    /**
     * Rebuilds the response_daily rows of the given buckets from the facts (view response_buckets),
     * then their response_monthly rows from the days.
     * Every row is locked (or created) first, in key order; the rebuild statements then read the
     * facts with snapshots taken after the locks, so each sees every change committed by an instance
     * that rebuilt the same row before, and the last rebuild of a row sees all of them.
     */
    private static void rebuildResponses(Connection c, SortedSet<BucketKey> buckets) throws SQLException {
        if (buckets.isEmpty()) {
            return;
        }
        String key = "day = ? and municipality = ? and district = ? and grp = ? and source = ?";
        try (PreparedStatement lock = c.prepareStatement("""
                insert into response_daily (day, municipality, district, grp, source, messages, waits, open_emergency, open_other)
                values (?, ?, ?, ?, ?, 0, '{}', '{}', '{}')
                on conflict (day, municipality, district, grp, source) do update set messages = response_daily.messages""");
             PreparedStatement delete = c.prepareStatement("delete from response_daily where " + key);
             PreparedStatement insert = c.prepareStatement("insert into response_daily select * from response_buckets where " + key)) {
            for (BucketKey b : buckets) {
                bindKey(lock, b);
                lock.addBatch();
                bindKey(delete, b);
                delete.addBatch();
                bindKey(insert, b);
                insert.addBatch();
            }
            lock.executeBatch();
            delete.executeBatch();
            insert.executeBatch();
        }
        // then their months, united from the days just rebuilt, the same way
        SortedSet<BucketKey> months = new TreeSet<>();
        buckets.forEach(b -> months.add(new BucketKey(CalendarPeriod.MONTH.startOf(b.day()), b.municipality(), b.district(),
                b.group(), b.source())));
        String monthKey = "month = ? and municipality = ? and district = ? and grp = ? and source = ?";
        try (PreparedStatement lock = c.prepareStatement("""
                insert into response_monthly (month, municipality, district, grp, source, messages, unanswered, waits)
                values (?, ?, ?, ?, ?, 0, 0, '{}')
                on conflict (month, municipality, district, grp, source) do update set messages = response_monthly.messages""");
             PreparedStatement delete = c.prepareStatement("delete from response_monthly where " + monthKey);
             PreparedStatement insert = c.prepareStatement("""
                     insert into response_monthly (month, municipality, district, grp, source, messages, unanswered, waits)
                     select ?, municipality, district, grp, source, sum(messages), sum(cardinality(open_emergency) + cardinality(open_other)),
                            coalesce((select array_agg(w order by w) from response_daily m cross join unnest(m.waits) w
                                      where m.municipality = d.municipality and m.district = d.district and m.grp = d.grp
                                        and m.source = d.source and m.day >= ? and m.day < ?), '{}')
                     from response_daily d
                     where municipality = ? and district = ? and grp = ? and source = ? and day >= ? and day < ?
                     group by municipality, district, grp, source""")) {
            for (BucketKey m : months) {
                LocalDate end = CalendarPeriod.MONTH.end(m.day());
                bindKey(lock, m);
                lock.addBatch();
                bindKey(delete, m);
                delete.addBatch();
                insert.setObject(1, m.day());
                insert.setObject(2, m.day());
                insert.setObject(3, end);
                insert.setString(4, m.municipality());
                insert.setString(5, m.district());
                insert.setString(6, m.group());
                insert.setString(7, m.source());
                insert.setObject(8, m.day());
                insert.setObject(9, end);
                insert.addBatch();
            }
            lock.executeBatch();
            delete.executeBatch();
            insert.executeBatch();
        }
    }

    /** The same deltas summed per ISO week and month, into rollup_periods. */
    private static void flushPeriodRollups(Connection c, Batch batch) throws SQLException {
        SortedMap<String, Object[]> rows = new TreeMap<>();
        for (var e : batch.rollups.entrySet()) {
            long delta = e.getValue()[0];
            if (delta == 0) {
                continue;
            }
            Object[] key = batch.rollupKeys.get(e.getKey());
            BucketKey day = (BucketKey) key[0];
            for (CalendarPeriod p : List.of(CalendarPeriod.WEEK, CalendarPeriod.MONTH)) {
                BucketKey k = new BucketKey(p.startOf(day.day()), day.municipality(), day.district(), day.group(), day.source());
                Object[] row = rows.computeIfAbsent(p.code() + "|" + k.id() + "|" + key[1], id -> new Object[]{p, k, key[1], new long[1]});
                ((long[]) row[3])[0] += delta;
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement up = c.prepareStatement("""
                insert into rollup_periods (period, period_start, municipality, district, grp, source, tone, count)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (period, period_start, municipality, district, grp, source, tone)
                do update set count = rollup_periods.count + excluded.count""")) {
            for (Object[] row : rows.values()) {
                up.setString(1, ((CalendarPeriod) row[0]).code());
                BucketKey k = (BucketKey) row[1];
                up.setObject(2, k.day());
                up.setString(3, k.municipality());
                up.setString(4, k.district());
                up.setString(5, k.group());
                up.setString(6, k.source());
                up.setString(7, (String) row[2]);
                up.setLong(8, ((long[]) row[3])[0]);
                up.addBatch();
            }
            up.executeBatch();
        }
        try (PreparedStatement del = c.prepareStatement("""
                delete from rollup_periods where count <= 0 and period in ('week', 'month') and period_start = any(?)""")) {
            del.setArray(1, c.createArrayOf("date", rows.values().stream().map(r -> ((BucketKey) r[1]).day()).distinct().toArray()));
            del.executeUpdate();
        }
    }

    /** The batch's model deltas per day, ISO week and month, into model_rollup. */
    private static void flushModelRollups(Connection c, Batch batch) throws SQLException {
        SortedMap<String, Object[]> rows = new TreeMap<>();
        for (Object[] delta : batch.models.values()) {
            BucketKey day = (BucketKey) delta[0];
            long[] d = (long[]) delta[2];
            if (d[0] == 0 && d[1] == 0 && d[2] == 0) {
                continue;
            }
            for (CalendarPeriod p : CalendarPeriod.values()) {
                BucketKey k = new BucketKey(p.startOf(day.day()), day.municipality(), day.district(), day.group(), day.source());
                long[] sum = (long[]) rows.computeIfAbsent(p.code() + "|" + k.id() + "|" + delta[1],
                        id -> new Object[]{p, k, delta[1], new long[3]})[3];
                for (int i = 0; i < 3; i++) {
                    sum[i] += d[i];
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement up = c.prepareStatement("""
                insert into model_rollup (period, period_start, municipality, district, grp, source, model_version,
                                          messages, needs_review, confidence_micros)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (period, period_start, municipality, district, grp, source, model_version) do update
                set messages = model_rollup.messages + excluded.messages,
                    needs_review = model_rollup.needs_review + excluded.needs_review,
                    confidence_micros = model_rollup.confidence_micros + excluded.confidence_micros""")) {
            for (Object[] row : rows.values()) {
                up.setString(1, ((CalendarPeriod) row[0]).code());
                BucketKey k = (BucketKey) row[1];
                up.setObject(2, k.day());
                up.setString(3, k.municipality());
                up.setString(4, k.district());
                up.setString(5, k.group());
                up.setString(6, k.source());
                up.setString(7, (String) row[2]);
                long[] sum = (long[]) row[3];
                up.setLong(8, sum[0]);
                up.setLong(9, sum[1]);
                up.setLong(10, sum[2]);
                up.addBatch();
            }
            up.executeBatch();
        }
        try (PreparedStatement del = c.prepareStatement("""
                delete from model_rollup where messages <= 0 and period in ('day', 'week', 'month') and period_start = any(?)""")) {
            del.setArray(1, c.createArrayOf("date", rows.values().stream().map(r -> ((BucketKey) r[1]).day()).distinct().toArray()));
            del.executeUpdate();
        }
    }

    /** An author under a bucket key on the key's day: a row of author_daily, ordered like its primary key. */
    record AuthorDay(BucketKey key, int authorId) implements Comparable<AuthorDay> {
        @Override
        public int compareTo(AuthorDay o) {
            int c = key.municipality().compareTo(o.key.municipality());
            if (c == 0) c = key.district().compareTo(o.key.district());
            if (c == 0) c = key.group().compareTo(o.key.group());
            if (c == 0) c = key.source().compareTo(o.key.source());
            if (c == 0) c = Integer.compare(authorId, o.authorId);
            if (c == 0) c = key.day().compareTo(o.key.day());
            return c;
        }
    }

    /** The batch's non-zero author deltas, with the authors' ids (a new author gets one). */
    private SortedMap<AuthorDay, Integer> authorDeltas(Connection c, Batch batch) throws SQLException {
        SortedSet<String> refs = new TreeSet<>();
        batch.authors.forEach((k, delta) -> {
            if (delta[0] != 0) {
                refs.add((String) batch.authorKeys.get(k)[1]);
            }
        });
        SortedMap<AuthorDay, Integer> out = new TreeMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        Map<String, Integer> ids = new HashMap<>();
        try (PreparedStatement ins = c.prepareStatement("""
                insert into authors (author_ref)
                select r from unnest(?::text[]) r where not exists (select 1 from authors a where a.author_ref = r) order by r
                on conflict (author_ref) do nothing""");
             PreparedStatement sel = c.prepareStatement("select author_ref, id from authors where author_ref = any(?::text[])")) {
            Array array = c.createArrayOf("text", refs.toArray());
            ins.setArray(1, array);
            ins.executeUpdate();
            sel.setArray(1, array);
            try (ResultSet rs = sel.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        batch.authors.forEach((k, delta) -> {
            if (delta[0] != 0) {
                Object[] key = batch.authorKeys.get(k);
                out.put(new AuthorDay((BucketKey) key[0], ids.get((String) key[1])), Math.toIntExact(delta[0]));
            }
        });
        return out;
    }

    /**
     * Applies the deltas to author_daily and returns who joined or left which day: an author joins
     * when its count under the key rises from zero and leaves when it drops to zero (the row goes).
     */
    private List<AuthorSetWriter.Change> applyAuthorDays(Connection c, SortedMap<AuthorDay, Integer> deltas) throws SQLException {
        List<AuthorSetWriter.Change> changes = new ArrayList<>();
        List<AuthorDay> emptied = new ArrayList<>();
        try (PreparedStatement up = c.prepareStatement("""
                insert into author_daily (municipality, district, grp, source, author_id, day, messages)
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[]::date[], ?::int[])
                on conflict (municipality, district, grp, source, author_id, day)
                do update set messages = author_daily.messages + excluded.messages
                returning municipality, district, grp, source, author_id, day, messages""")) {
            bindAuthorDays(c, up, deltas.keySet());
            up.setArray(7, c.createArrayOf("int4", deltas.values().toArray()));
            try (ResultSet rs = up.executeQuery()) {
                while (rs.next()) {
                    AuthorDay row = new AuthorDay(new BucketKey(rs.getObject("day", LocalDate.class), rs.getString("municipality"),
                            rs.getString("district"), rs.getString("grp"), rs.getString("source")), rs.getInt("author_id"));
                    int after = rs.getInt("messages");
                    int before = after - deltas.get(row);
                    if (before <= 0 && after > 0) {
                        changes.add(new AuthorSetWriter.Change(row.key(), row.authorId(), true));
                    } else if (before > 0 && after <= 0) {
                        changes.add(new AuthorSetWriter.Change(row.key(), row.authorId(), false));
                    }
                    if (after <= 0) {
                        emptied.add(row);
                    }
                }
            }
        }
        if (!emptied.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("""
                    delete from author_daily where messages <= 0 and (municipality, district, grp, source, author_id, day) in (
                        select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[]::date[]))""")) {
                bindAuthorDays(c, del, new TreeSet<>(emptied));
                del.executeUpdate();
            }
        }
        return changes;
    }

    /** Binds author_daily keys as six parallel arrays (parameters 1 to 6). */
    private static void bindAuthorDays(Connection c, PreparedStatement ps, Collection<AuthorDay> rows) throws SQLException {
        ps.setArray(1, c.createArrayOf("text", rows.stream().map(r -> r.key().municipality()).toArray()));
        ps.setArray(2, c.createArrayOf("text", rows.stream().map(r -> r.key().district()).toArray()));
        ps.setArray(3, c.createArrayOf("text", rows.stream().map(r -> r.key().group()).toArray()));
        ps.setArray(4, c.createArrayOf("text", rows.stream().map(r -> r.key().source()).toArray()));
        ps.setArray(5, c.createArrayOf("int4", rows.stream().map(AuthorDay::authorId).toArray()));
        ps.setArray(6, c.createArrayOf("text", rows.stream().map(r -> r.key().day().toString()).toArray()));
    }

    private static void bindKey(PreparedStatement ps, BucketKey k) throws SQLException {
        ps.setObject(1, k.day());
        ps.setString(2, k.municipality());
        ps.setString(3, k.district());
        ps.setString(4, k.group());
        ps.setString(5, k.source());
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
        try (PreparedStatement ps = c.prepareStatement("""
                select revision, model_version, classified_at, kind, day, municipality, district, grp, source, tone,
                       author_ref, in_reply_to, needs_review, confidence
                from messages where message_id = ? for update""")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                boolean reply = MessageKind.OFFICIAL_REPLY.name().equals(rs.getString("kind"));
                return Optional.of(new Stored(
                        new Freshness(rs.getInt("revision"), rs.getString("model_version"), Sql.instant(rs, "classified_at")),
                        !reply,
                        new BucketKey(rs.getObject("day", LocalDate.class), rs.getString("municipality"),
                                rs.getString("district"), rs.getString("grp"), rs.getString("source")),
                        rs.getString("tone"), rs.getString("author_ref"), rs.getObject("in_reply_to", UUID.class), reply,
                        new Model(rs.getString("model_version"), rs.getBoolean("needs_review"), Model.micros(rs.getDouble("confidence")))));
            }
        }
    }

    private void upsert(Connection c, MessageClassified m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
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
                    urgency_reasons = excluded.urgency_reasons, incident_key = excluded.incident_key""")) {
            int i = 1;
            ps.setObject(i++, m.messageId());
            ps.setInt(i++, m.revision());
            ps.setString(i++, m.modelVersion());
            ps.setTimestamp(i++, Timestamp.from(m.classifiedAt()));
            ps.setString(i++, m.source().name());
            ps.setString(i++, m.sourceMessageId());
            ps.setString(i++, m.channelId());
            ps.setString(i++, m.url());
            ps.setString(i++, m.kind().name());
            ps.setObject(i++, m.inReplyTo());
            ps.setString(i++, m.authorRef());
            ps.setString(i++, m.text() == null ? "" : m.text());
            ps.setTimestamp(i++, Timestamp.from(m.publishedAt()));
            BucketKey key = bucketOf(m);
            ps.setObject(i++, key.day());
            ps.setString(i++, m.municipality());
            ps.setString(i++, key.district());
            ps.setString(i++, m.location() == null ? null : m.location().address());
            ps.setString(i++, m.topic().group());
            ps.setString(i++, m.topic().topic());
            ps.setDouble(i++, m.topic().confidence());
            ps.setBoolean(i++, m.needsReview());
            ps.setString(i++, tone(m));
            ps.setDouble(i++, m.sentiment() == null ? 0.0 : m.sentiment().score());
            ps.setString(i++, m.urgency() == null || m.urgency().level() == null ? "NONE" : m.urgency().level().name());
            ps.setString(i++, m.urgency() == null ? null : String.join(",", m.urgency().reasons()));
            ps.setString(i++, m.incidentKey());
            ps.setObject(i, m.messageId());
            ps.executeUpdate();
        }
    }

    /** Sets the first reply time of the answered message; its response_daily row is rebuilt at the flush. */
    private void refreshFirstReply(Connection c, UUID answered, Batch batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update messages set first_reply_at =
                    (select min(r.published_at) from messages r where r.in_reply_to = ? and r.kind = 'OFFICIAL_REPLY')
                where message_id = ?
                returning kind, day, municipality, district, grp, source""")) {
            ps.setObject(1, answered);
            ps.setObject(2, answered);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !MessageKind.OFFICIAL_REPLY.name().equals(rs.getString("kind"))) {
                    batch.responses.add(new BucketKey(rs.getObject("day", LocalDate.class), rs.getString("municipality"),
                            rs.getString("district"), rs.getString("grp"), rs.getString("source")));
                }
            }
        }
    }

    private void refreshFirstReplyUnchecked(Connection c, UUID answered, Batch batch) {
        try {
            refreshFirstReply(c, answered, batch);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
