package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.reporting.sql.CalendarPeriod;
import java.util.Comparator;

/**
 * A row of a rollup table: the kind of period, the bucket (its day the period's first day) and the
 * column that splits a bucket's counts (tone, or model version); ordered like the tables' primary keys.
 */
record RollupKey(CalendarPeriod period, BucketKey bucket, String detail) implements Comparable<RollupKey> {

    private static final Comparator<RollupKey> ORDER = Comparator.comparing((RollupKey k) -> k.period().code())
            .thenComparing(RollupKey::bucket).thenComparing(RollupKey::detail);

    /** The same counts in the period of the given kind. */
    RollupKey in(CalendarPeriod kind) {
        return new RollupKey(kind, bucket.in(kind), detail);
    }

    @Override
    public int compareTo(RollupKey o) {
        return ORDER.compare(this, o);
    }
}
