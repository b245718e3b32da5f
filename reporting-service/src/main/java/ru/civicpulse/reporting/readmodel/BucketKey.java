package ru.civicpulse.reporting.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
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

    /** The five key columns as {@link ru.civicpulse.common.sql.Sql} parameters, in column order. */
    List<Object> params() {
        return Arrays.asList(day, municipality, district, group, source);
    }

    /** Binds the five key columns from parameter {@code first} on; returns the next parameter. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        ps.setObject(first, day);
        ps.setString(first + 1, municipality);
        ps.setString(first + 2, district);
        ps.setString(first + 3, group);
        ps.setString(first + 4, source);
        return first + 5;
    }
}
