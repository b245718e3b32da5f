package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.reporting.sql.CalendarPeriod;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * Where a message counts: its Moscow day (or the first day of a longer period), municipality,
 * district ("" for none), group and source; ordered like the tables' primary keys.
 */
record BucketKey(LocalDate day, String municipality, String district, String group, String source)
        implements Comparable<BucketKey> {

    private static final Comparator<BucketKey> ORDER = Comparator.comparing(BucketKey::day)
            .thenComparing(BucketKey::municipality).thenComparing(BucketKey::district)
            .thenComparing(BucketKey::group).thenComparing(BucketKey::source);

    @Override
    public int compareTo(BucketKey o) {
        return ORDER.compare(this, o);
    }

    /** The key from a row's day, municipality, district, grp and source columns. */
    static BucketKey of(ResultSet rs) throws SQLException {
        return new BucketKey(rs.getObject("day", LocalDate.class), rs.getString("municipality"), rs.getString("district"),
                rs.getString("grp"), rs.getString("source"));
    }

    /** The same bucket in the period of the given kind holding its day. */
    BucketKey in(CalendarPeriod period) {
        return new BucketKey(period.startOf(day), municipality, district, group, source);
    }

    /**
     * Appends the five key columns (day, municipality, district, grp, source), in that order, to a
     * statement's parameters; returns {@code params}.
     */
    List<Object> addTo(List<Object> params) {
        params.add(day);
        params.add(municipality);
        params.add(district);
        params.add(group);
        params.add(source);
        return params;
    }
}
