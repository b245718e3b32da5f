package ru.civicpulse.reporting.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps {@code author_sets} (the authors of each day, ISO week and month under each rollup key) in
 * step with {@code author_daily}, in the consumer's transaction. An author joining a day joins its
 * day, week and month sets (a set union, harmless when repeated). An author leaving a day leaves a
 * set only when {@code author_daily} has no other day of that period for it under the key.
 *
 * <p>That check runs in a statement issued after this transaction holds the set row's lock, so it
 * sees every change committed by another instance that touched the same set before; the last
 * instance to leave a period removes the author. Set rows are locked in key order.
 */
final class AuthorSetWriter {

    private AuthorSetWriter() {
    }

    /** An author joined ({@code joined}) or left a bucket's day. */
    record Change(ReadModelRepository.BucketKey key, int authorId, boolean joined) {
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

    static void apply(Connection c, List<Change> changes) throws SQLException {
        Map<SetKey, SortedSet<Integer>[]> touched = new TreeMap<>(SetKey.ORDER);
        for (Change ch : changes) {
            for (CalendarPeriod p : CalendarPeriod.values()) {
                ReadModelRepository.BucketKey b = ch.key();
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
