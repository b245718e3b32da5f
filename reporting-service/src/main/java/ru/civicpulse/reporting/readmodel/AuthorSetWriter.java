package ru.civicpulse.reporting.readmodel;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies a batch's author deltas, in the consumer's transaction: the authors get ids, their
 * messages per day and key go to {@code author_daily}, and {@code author_sets} (the authors of each
 * day, ISO week and month under each rollup key) follow. An author joining a day joins its day, week
 * and month sets (a set union, harmless when repeated). An author leaving a day leaves a set only
 * when {@code author_daily} has no other day of that period for it under the key.
 *
 * <p>That check runs in a statement issued after this transaction holds the set row's lock, so it
 * sees every change committed by another instance that touched the same set before; the last
 * instance to leave a period removes the author. Rows are locked in key order.
 */
final class AuthorSetWriter {

    private AuthorSetWriter() {
    }

    /** An author joined ({@code joined}) or left a bucket's day. */
    record Change(BucketKey key, int authorId, boolean joined) {
    }

    /** A row of author_sets, ordered like its primary key. */
    record SetKey(CalendarPeriod period, LocalDate start, String municipality, String district, String group, String source) {
        static final Comparator<SetKey> ORDER = Comparator.comparing((SetKey k) -> k.period().code())
                .thenComparing(SetKey::start).thenComparing(SetKey::municipality).thenComparing(SetKey::district)
                .thenComparing(SetKey::group).thenComparing(SetKey::source);

        int bind(PreparedStatement ps, int first) throws SQLException {
            ps.setString(first, period.code());
            ps.setObject(first + 1, start);
            ps.setString(first + 2, municipality);
            ps.setString(first + 3, district);
            ps.setString(first + 4, group);
            ps.setString(first + 5, source);
            return first + 6;
        }
    }

    private static final String KEY = "period = ? and period_start = ? and municipality = ? and district = ? and grp = ? and source = ?";

    /** An author under a bucket key on the key's day: a row of author_daily, ordered like its primary key. */
    record AuthorDay(BucketKey key, int authorId) implements Comparable<AuthorDay> {
        private static final Comparator<AuthorDay> ORDER = Comparator.comparing((AuthorDay d) -> d.key().municipality())
                .thenComparing(d -> d.key().district()).thenComparing(d -> d.key().group())
                .thenComparing(d -> d.key().source()).thenComparingInt(AuthorDay::authorId)
                .thenComparing(d -> d.key().day());

        @Override
        public int compareTo(AuthorDay o) {
            return ORDER.compare(this, o);
        }
    }

    /** Applies the messages per author and bucket day a batch added (or took away). */
    static void apply(Connection c, SortedMap<AuthorKey, Long> deltas) throws SQLException {
        SortedMap<AuthorDay, Integer> days = authorDays(c, deltas);
        if (!days.isEmpty()) {
            applySets(c, applyAuthorDays(c, days));
        }
    }

    /** The non-zero deltas, with the authors' ids (a new author gets one). */
    private static SortedMap<AuthorDay, Integer> authorDays(Connection c, SortedMap<AuthorKey, Long> deltas) throws SQLException {
        SortedSet<String> refs = new TreeSet<>();
        deltas.forEach((k, delta) -> {
            if (delta != 0) {
                refs.add(k.authorRef());
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
        deltas.forEach((k, delta) -> {
            if (delta != 0) {
                out.put(new AuthorDay(k.bucket(), ids.get(k.authorRef())), Math.toIntExact(delta));
            }
        });
        return out;
    }

    /**
     * Applies the deltas to author_daily and returns who joined or left which day: an author joins
     * when its count under the key rises from zero and leaves when it drops to zero (the row goes).
     */
    private static List<Change> applyAuthorDays(Connection c, SortedMap<AuthorDay, Integer> deltas) throws SQLException {
        List<Change> changes = new ArrayList<>();
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
                    AuthorDay row = new AuthorDay(BucketKey.of(rs), rs.getInt("author_id"));
                    int after = rs.getInt("messages");
                    int before = after - deltas.get(row);
                    if (before <= 0 && after > 0) {
                        changes.add(new Change(row.key(), row.authorId(), true));
                    } else if (before > 0 && after <= 0) {
                        changes.add(new Change(row.key(), row.authorId(), false));
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

    /** Brings the author sets in step with who joined or left which day. */
    private static void applySets(Connection c, List<Change> changes) throws SQLException {
        Map<SetKey, SortedSet<Integer>[]> touched = new TreeMap<>(SetKey.ORDER);
        for (Change ch : changes) {
            for (CalendarPeriod p : CalendarPeriod.values()) {
                BucketKey b = ch.key();
                SetKey key = new SetKey(p, p.startOf(b.day()), b.municipality(), b.district(), b.group(), b.source());
                @SuppressWarnings("unchecked")
                SortedSet<Integer>[] sets = touched.computeIfAbsent(key, k -> new SortedSet[]{new TreeSet<>(), new TreeSet<>()});
                sets[ch.joined() ? 0 : 1].add(ch.authorId());
            }
        }
        try (PreparedStatement join = c.prepareStatement("""
                insert into author_sets (period, period_start, municipality, district, grp, source, authors)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (period, period_start, municipality, district, grp, source) do update
                set authors = array(select distinct x from unnest(author_sets.authors || excluded.authors) x order by x)""");
             PreparedStatement lock = c.prepareStatement("select 1 from author_sets where " + KEY + " for update");
             PreparedStatement leave = c.prepareStatement("""
                     update author_sets s set authors = array(
                         select x from unnest(s.authors) x
                         where x <> all(?) or exists (
                             select 1 from author_daily d
                             where d.municipality = s.municipality and d.district = s.district and d.grp = s.grp
                               and d.source = s.source and d.author_id = x and d.day >= s.period_start and d.day < ?)
                         order by x)
                     where""" + " " + KEY);
             PreparedStatement dropEmpty = c.prepareStatement("delete from author_sets where " + KEY + " and cardinality(authors) = 0")) {
            boolean pending = false;
            for (var e : touched.entrySet()) {
                SetKey key = e.getKey();
                SortedSet<Integer> joined = e.getValue()[0];
                SortedSet<Integer> left = e.getValue()[1];
                if (!joined.isEmpty()) {
                    join.setArray(key.bind(join, 1), c.createArrayOf("int4", joined.toArray()));
                    join.addBatch();
                    pending = true;
                }
                if (left.isEmpty()) {
                    continue;
                }
                // Keep the key order of row locks: earlier joins first, then this row's lock, then the check.
                if (pending) {
                    join.executeBatch();
                    pending = false;
                }
                key.bind(lock, 1);
                lock.executeQuery().close();
                leave.setArray(1, c.createArrayOf("int4", left.toArray()));
                leave.setObject(2, key.period().end(key.start()));
                key.bind(leave, 3);
                leave.executeUpdate();
                key.bind(dropEmpty, 1);
                dropEmpty.executeUpdate();
            }
            if (pending) {
                join.executeBatch();
            }
        }
    }
}
