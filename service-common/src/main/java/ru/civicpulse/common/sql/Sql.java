package ru.civicpulse.common.sql;

import org.postgresql.PGStatement;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** A statement assembled with its parameters, so filters can be appended without string-pasting values. */
public final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private boolean binaryResults;

    public Sql(String start, Object... args) {
        append(start, args);
    }

    public Sql append(String fragment, Object... args) {
        text.append(' ').append(fragment);
        params.addAll(java.util.Arrays.asList(args));
        return this;
    }

    /** Appends another statement's text and parameters (e.g. a reusable WHERE fragment). */
    public Sql append(Sql other) {
        text.append(' ').append(other.text);
        params.addAll(other.params);
        return this;
    }

    /**
     * Has the server send results in binary form from the first run (the driver otherwise asks for
     * text until a statement has run five times): arrays and {@code bytea} then arrive as bytes
     * instead of text to parse.
     */
    public Sql binaryResults() {
        binaryResults = true;
        return this;
    }

    public String text() {
        return text.toString();
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> list(Connection c, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = prepare(c)) {
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    public int update(Connection c) throws SQLException {
        try (PreparedStatement ps = prepare(c)) {
            return ps.executeUpdate();
        }
    }

    private PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(text.toString());
        if (binaryResults) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
        for (int i = 0; i < params.size(); i++) {
            bind(c, ps, i + 1, params.get(i));
        }
        return ps;
    }

    public static void bind(Connection c, PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            ps.setTimestamp(index, Timestamp.from(instant));
        } else if (value instanceof LocalDate date) {
            ps.setObject(index, date);
        } else if (value instanceof UUID uuid) {
            ps.setObject(index, uuid);
        } else if (value instanceof Collection<?> values) {
            ps.setArray(index, c.createArrayOf("text", values.stream().map(String::valueOf).toArray()));
        } else {
            ps.setObject(index, value);
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /**
     * An {@code integer[]} selected as {@code array_send(column)}, PostgreSQL's binary form of an
     * array (a header, then a 4-byte length and a 4-byte value per element), decoded without the
     * boxing of {@link java.sql.Array#getArray()}. The arrays read this way hold no nulls.
     */
    public static int[] intArray(ResultSet rs, String column) throws SQLException {
        ByteBuffer b = ByteBuffer.wrap(rs.getBytes(column));
        int dimensions = b.getInt();
        if (dimensions == 0) {
            return new int[0];
        }
        b.getInt(); // has-nulls flag
        b.getInt(); // element type
        int[] values = new int[b.getInt()];
        b.getInt(); // lower bound
        for (int i = 0; i < values.length; i++) {
            if (b.getInt() != Integer.BYTES) {
                throw new SQLException(column + " holds a null or a non-integer element");
            }
            values[i] = b.getInt();
        }
        return values;
    }

    public static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
