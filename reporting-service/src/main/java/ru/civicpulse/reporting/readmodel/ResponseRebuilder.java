package ru.civicpulse.reporting.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Rebuilds the response_daily rows of buckets from the facts (view response_buckets), then their
 * response_monthly rows from the days. Every row is locked (or created) first, in key order; the
 * rebuild statements then read the facts with snapshots taken after the locks, so each sees every
 * change committed by an instance that rebuilt the same row before, and the last rebuild of a row
 * sees all of them.
 */
final class ResponseRebuilder {

    private ResponseRebuilder() {
    }

    static void rebuild(Connection c, SortedSet<BucketKey> buckets) throws SQLException {
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
                b.bind(lock, 1);
                lock.addBatch();
                b.bind(delete, 1);
                delete.addBatch();
                b.bind(insert, 1);
                insert.addBatch();
            }
            lock.executeBatch();
            delete.executeBatch();
            insert.executeBatch();
        }
        // then their months, united from the days just rebuilt, the same way
        SortedSet<BucketKey> months = new TreeSet<>();
        buckets.forEach(b -> months.add(b.in(CalendarPeriod.MONTH)));
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
                m.bind(lock, 1);
                lock.addBatch();
                m.bind(delete, 1);
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
}
