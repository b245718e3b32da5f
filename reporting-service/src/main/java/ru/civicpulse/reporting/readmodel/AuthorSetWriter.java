package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.reporting.sql.CalendarPeriod;
import ru.civicpulse.common.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
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

    /** A row of author_sets: a period and the bucket (its day the period's first day), ordered like its primary key. */
    record SetKey(CalendarPeriod period, BucketKey bucket) {
        static final Comparator<SetKey> ORDER = Comparator.comparing((SetKey k) -> k.period().code())
                .thenComparing(SetKey::bucket);

        /** Appends the key's columns in {@link #KEY}'s order to a statement's parameters; returns {@code params}. */
        List<Object> addTo(List<Object> params) {
            params.add(period.code());
            return bucket.addTo(params);
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
        new Sql("""
                insert into authors (author_ref)
                select r from unnest(?::text[]) r where not exists (select 1 from authors a where a.author_ref = r) order by r
                on conflict (author_ref) do nothing""", refs).update(c);
        Map<String, Integer> ids = new HashMap<>();
        for (var row : new Sql("select author_ref, id from authors where author_ref = any(?::text[])", refs)
                .list(c, rs -> Map.entry(rs.getString("author_ref"), rs.getInt("id")))) {
            ids.put(row.getKey(), row.getValue());
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
        record Row(AuthorDay day, int messages) {
        }
        List<Row> rows = withAuthorDays("""
                insert into author_daily (municipality, district, grp, source, author_id, day, messages)
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::date[], ?::int[])
                on conflict (municipality, district, grp, source, author_id, day)
                do update set messages = author_daily.messages + excluded.messages
                returning municipality, district, grp, source, author_id, day, messages""", deltas.keySet())
                .append("", deltas.values())
                .list(c, rs -> new Row(new AuthorDay(BucketKey.of(rs), rs.getInt("author_id")), rs.getInt("messages")));
        for (Row r : rows) {
            int after = r.messages();
            int before = after - deltas.get(r.day());
            if (before <= 0 && after > 0) {
                changes.add(new Change(r.day().key(), r.day().authorId(), true));
            } else if (before > 0 && after <= 0) {
                changes.add(new Change(r.day().key(), r.day().authorId(), false));
            }
            if (after <= 0) {
                emptied.add(r.day());
            }
        }
        if (!emptied.isEmpty()) {
            withAuthorDays("""
                    delete from author_daily where messages <= 0 and (municipality, district, grp, source, author_id, day) in (
                        select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::date[]))""",
                    new TreeSet<>(emptied)).update(c);
        }
        return changes;
    }

    /**
     * The statement with author_daily keys as its first six parameters, six parallel arrays (Sql binds
     * a collection as text[]; the statement casts each to its column's type).
     */
    private static Sql withAuthorDays(String text, Collection<AuthorDay> rows) {
        return new Sql(text,
                rows.stream().map(r -> r.key().municipality()).toList(), rows.stream().map(r -> r.key().district()).toList(),
                rows.stream().map(r -> r.key().group()).toList(), rows.stream().map(r -> r.key().source()).toList(),
                rows.stream().map(AuthorDay::authorId).toList(), rows.stream().map(r -> r.key().day()).toList());
    }

    /** Brings the author sets in step with who joined or left which day. */
    private static void applySets(Connection c, List<Change> changes) throws SQLException {
        Map<SetKey, SortedSet<Integer>[]> touched = new TreeMap<>(SetKey.ORDER);
        for (Change ch : changes) {
            for (CalendarPeriod p : CalendarPeriod.values()) {
                SetKey key = new SetKey(p, ch.key().in(p));
                @SuppressWarnings("unchecked")
                SortedSet<Integer>[] sets = touched.computeIfAbsent(key, k -> new SortedSet[]{new TreeSet<>(), new TreeSet<>()});
                sets[ch.joined() ? 0 : 1].add(ch.authorId());
            }
        }
        // a set that holds every joining author already (they wrote on another day of its week or
        // month) keeps its array: the row is locked all the same, but not sorted and written again
        String joinText = """
                insert into author_sets (period, period_start, municipality, district, grp, source, authors)
                values (?, ?, ?, ?, ?, ?, ?::int[])
                on conflict (period, period_start, municipality, district, grp, source) do update
                set authors = array(select distinct x from unnest(author_sets.authors || excluded.authors) x order by x)
                where not author_sets.authors @> excluded.authors""";
        Sql.Batch join = Sql.batch(joinText);
        for (var e : touched.entrySet()) {
            SetKey key = e.getKey();
            SortedSet<Integer> joined = e.getValue()[0];
            SortedSet<Integer> left = e.getValue()[1];
            if (!joined.isEmpty()) {
                List<Object> row = key.addTo(new ArrayList<>());
                row.add(joined);
                join.add(row.toArray());
            }
            if (left.isEmpty()) {
                continue;
            }
            // Keep the key order of row locks: earlier joins first, then this row's lock, then the check.
            join.execute(c);
            join = Sql.batch(joinText);
            new Sql("select 1 locked from author_sets where " + KEY + " for update", key.addTo(new ArrayList<>()).toArray())
                    .list(c, rs -> 1);
            List<Object> leave = new ArrayList<>(List.of(left, key.period().end(key.bucket().day())));
            new Sql("""
                    update author_sets s set authors = array(
                        select x from unnest(s.authors) x
                        where x <> all(?::int[]) or exists (
                            select 1 from author_daily d
                            where d.municipality = s.municipality and d.district = s.district and d.grp = s.grp
                              and d.source = s.source and d.author_id = x and d.day >= s.period_start and d.day < ?)
                        order by x)
                    where""" + " " + KEY, key.addTo(leave).toArray()).update(c);
            new Sql("delete from author_sets where " + KEY + " and cardinality(authors) = 0", key.addTo(new ArrayList<>()).toArray())
                    .update(c);
        }
        join.execute(c);
    }
}
