package ru.civicpulse.common.sql;

import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;

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
import java.util.Optional;
import java.util.UUID;

/**
 * A statement assembled with its parameters, so filters can be appended without string-pasting values.
 * Every repository reads and writes through it: rows are read by column name in a {@link RowMapper},
 * parameters are bound by {@link #bind}, and statements run on the connection the caller got from
 * the (transaction-enlisted) pool.
 */
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

    /** Maps the current row; reads columns by name (aliases in the statement name computed ones). */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A statement run once per parameter row, sent to the server as one batch. */
    public static Batch batch(String text) {
        return new Batch(text);
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

    /**
     * The first row, or empty when there is none or the mapper returned null (a null column).
     * For statements that select by a unique key or end in {@code limit 1}.
     */
    public <T> Optional<T> optional(Connection c, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = prepare(c)) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    /** The row a statement always returns (an aggregate, a function call); a missing row is an error. */
    public <T> T one(Connection c, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = prepare(c)) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("The statement returned no row: " + text);
                }
                return mapper.map(rs);
            }
        }
    }

    /** Runs an insert, update or delete; returns the number of rows it touched. */
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


    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of {@code dataSource} (the caller's transaction's, when it has
     * one); a failure becomes a {@link StorageFailure} saying {@code what} failed.
     */
    public static <T> T onConnection(javax.sql.DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw StorageFailure.of(what, e);
        }
    }

    /**
     * Loads rows into {@code table} with {@code COPY … FROM STDIN} (text format): for a staging table
     * that one {@code insert … select} then moves, far cheaper for the server than the same rows bound
     * as parameters of a batch. Values are {@code null}, text, numbers, booleans, {@link UUID}s,
     * {@link Instant}s and {@link LocalDate}s; returns the number of rows loaded.
     */
    public static long copyRows(Connection c, String table, List<String> columns, Collection<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder data = new StringBuilder(rows.size() * 256);
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + columns.size() + " columns");
            }
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    data.append('\t');
                }
                appendCopyValue(data, row[i]);
            }
            data.append('\n');
        }
        byte[] bytes = data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (" + String.join(", ", columns) + ") from stdin");
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** One value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
    private static void appendCopyValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        if (!(value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof UUID || value instanceof Instant || value instanceof LocalDate)) {
            throw new IllegalArgumentException("COPY takes no " + value.getClass().getSimpleName() + " value");
        }
        String text = value.toString();
        int first = 0;
        while (first < text.length() && "\\\t\n\r".indexOf(text.charAt(first)) < 0) {
            first++;
        }
        out.append(text, 0, first); // most values need no escape
        for (int i = first; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    /** Whether the database refused a row because a unique constraint or index already holds its key. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** One statement with many parameter rows: {@code batch(text).add(row...).add(row...).execute(c)}. */
    public static final class Batch {
        private final String text;
        private final List<Object[]> rows = new ArrayList<>();

        private Batch(String text) {
            this.text = text;
        }

        /** Adds one row of parameters, in the order of the statement's placeholders. */
        public Batch add(Object... row) {
            rows.add(row.clone());
            return this;
        }

        public boolean isEmpty() {
            return rows.isEmpty();
        }

        /** Runs the statement for every row; {@code result[i]} is the update count of row {@code i}. */
        public int[] execute(Connection c) throws SQLException {
            if (rows.isEmpty()) {
                return new int[0];
            }
            try (PreparedStatement ps = c.prepareStatement(text)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        bind(c, ps, i + 1, row[i]);
                    }
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
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
