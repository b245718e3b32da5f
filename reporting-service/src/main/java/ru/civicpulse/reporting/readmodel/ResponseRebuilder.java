package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.reporting.sql.CalendarPeriod;
import ru.civicpulse.common.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
        Sql.Batch lock = Sql.batch("""
                insert into response_daily (day, municipality, district, grp, source, messages, waits, open_emergency, open_other)
                values (?, ?, ?, ?, ?, 0, '{}', '{}', '{}')
                on conflict (day, municipality, district, grp, source) do update set messages = response_daily.messages""");
        Sql.Batch delete = Sql.batch("delete from response_daily where " + key);
        Sql.Batch insert = Sql.batch("insert into response_daily select * from response_buckets where " + key);
        for (BucketKey b : buckets) {
            Object[] row = b.addTo(new ArrayList<>()).toArray();
            lock.add(row);
            delete.add(row);
            insert.add(row);
        }
        lock.execute(c);
        delete.execute(c);
        insert.execute(c);

        // then their months, united from the days just rebuilt, the same way
        SortedSet<BucketKey> months = new TreeSet<>();
        buckets.forEach(b -> months.add(b.in(CalendarPeriod.MONTH)));
        String monthKey = "month = ? and municipality = ? and district = ? and grp = ? and source = ?";
        Sql.Batch monthLock = Sql.batch("""
                insert into response_monthly (month, municipality, district, grp, source, messages, unanswered, waits)
                values (?, ?, ?, ?, ?, 0, 0, '{}')
                on conflict (month, municipality, district, grp, source) do update set messages = response_monthly.messages""");
        Sql.Batch monthDelete = Sql.batch("delete from response_monthly where " + monthKey);
        // parameters: the month's first day twice and its end, the month's key, its end again
        Sql.Batch monthInsert = Sql.batch("""
                insert into response_monthly (month, municipality, district, grp, source, messages, unanswered, waits)
                select ?, municipality, district, grp, source, sum(messages), sum(cardinality(open_emergency) + cardinality(open_other)),
                       coalesce((select array_agg(w order by w) from response_daily m cross join unnest(m.waits) w
                                 where m.municipality = d.municipality and m.district = d.district and m.grp = d.grp
                                   and m.source = d.source and m.day >= ? and m.day < ?), '{}')
                from response_daily d
                where day >= ? and municipality = ? and district = ? and grp = ? and source = ? and day < ?
                group by municipality, district, grp, source""");
        for (BucketKey m : months) {
            LocalDate end = CalendarPeriod.MONTH.end(m.day());
            Object[] row = m.addTo(new ArrayList<>()).toArray();
            monthLock.add(row);
            monthDelete.add(row);
            List<Object> params = new ArrayList<>(List.of(m.day(), m.day(), end));
            m.addTo(params).add(end);
            monthInsert.add(params.toArray());
        }
        monthLock.execute(c);
        monthDelete.execute(c);
        monthInsert.execute(c);
    }
}
