package ru.civicpulse.testsupport;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import static org.awaitility.Awaitility.await;

/**
 * A direct look into the database of the service under test (its {@code quarkus.datasource.*}
 * settings), to check what the service stored. Connections are the test's own, outside the
 * service's pool and transactions.
 */
public final class TestDatabase {
    /** Counting queries run while the service works; a few a second is enough to notice a change. */
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String UNSENT_OUTBOX_ROWS = "select count(*) from outbox where parked_at is null";

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** Every row of {@code sql}, each as its columns by label in select order. */
    public static List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run " + sql, e);
        }
    }

    /** The number in the first column of the first row ({@code select count(*) ...}). */
    public static long count(String sql, Object... args) {
        return ((Number) rows(sql, args).get(0).values().iterator().next()).longValue();
    }

    /** Runs a statement that returns no rows; throws what the database answered, for tests of its refusals. */
    public static int execute(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** Waits until {@code count(sql, args)} satisfies {@code until}; fails after {@code atMost}. */
    public static void awaitCount(String sql, LongPredicate until, Duration atMost, Object... args) {
        await(sql).atMost(atMost).pollInterval(POLL).until(() -> count(sql, args), until::test);
    }

    /** Outbox rows the relay has still to publish (parked rows excluded). */
    public static long unsentOutboxRows() {
        return count(UNSENT_OUTBOX_ROWS);
    }

    /** Waits until the relay has published every outbox row that is not parked. */
    public static void awaitOutboxDrained(Duration atMost) {
        awaitCount(UNSENT_OUTBOX_ROWS, n -> n == 0, atMost);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }
}
