package ru.civicpulse.ingestion.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The outbox table: rows are written in the message's transaction and published by the relay. */
@ApplicationScoped
public class OutboxRepository {
    /** Arbitrary constant naming the relay's advisory lock. */
    private static final long RELAY_LOCK = 0x1C1C_0001L;

    @Inject
    AgroalDataSource dataSource;

    /** Adds events to the caller's (JTA) transaction. */
    public void add(List<MessageIngested> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into outbox (aggregate_id, payload) values (?, ?::jsonb)")) {
            for (MessageIngested event : events) {
                ps.setObject(1, event.messageId());
                ps.setString(2, EventJson.mapper().writeValueAsString(event));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Could not write the outbox", e);
        }
    }

    public record Row(long id, UUID aggregateId, String payload, int attempts, Instant nextAttemptAt) {
    }

    /**
     * A batch being relayed: holds a connection with an open local transaction, the relay lock and
     * the row locks until {@link #close()}.
     */
    public final class Batch implements AutoCloseable {
        private final Connection connection;
        private final List<Row> rows;

        private Batch(Connection connection, List<Row> rows) {
            this.connection = connection;
            this.rows = rows;
        }

        public List<Row> rows() {
            return rows;
        }

        public void markSent(List<Long> ids, Instant at) throws SQLException {
            if (ids.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "update outbox set sent_at = ?, attempts = attempts + 1, last_error = null where id = any(?)")) {
                ps.setObject(1, MessageRepository.utc(at));
                ps.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
                ps.executeUpdate();
            }
        }

        public void markFailed(long id, String error, Instant retryAt) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(
                    "update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?")) {
                ps.setString(1, error == null ? null : error.substring(0, Math.min(error.length(), 1000)));
                ps.setObject(2, MessageRepository.utc(retryAt));
                ps.setLong(3, id);
                ps.executeUpdate();
            }
        }

        public void commit() throws SQLException {
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            } finally {
                connection.close();
            }
        }
    }

    /**
     * Locks the oldest unsent rows, in id order. One relay at a time across replicas holds the
     * advisory lock, so rows of one message reach Kafka in the order they were written; row locks
     * with {@code skip locked} keep replicas from ever sending the same rows concurrently.
     * Returns null when another replica is relaying.
     */
    public Batch lockNextBatch(int size) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
                lock.setLong(1, RELAY_LOCK);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        c.rollback();
                        c.setAutoCommit(true);
                        c.close();
                        return null;
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id, aggregate_id, payload::text, attempts, next_attempt_at from outbox "
                    + "where sent_at is null order by id limit ? for update skip locked")) {
                ps.setInt(1, size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                                rs.getObject(5, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return new Batch(c, rows);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public record Backlog(long size, Duration oldestAge) {
    }

    public Backlog backlog() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select count(*), extract(epoch from (now() - min(created_at))) from outbox where sent_at is null");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            double age = rs.getDouble(2);
            return new Backlog(rs.getLong(1), Duration.ofMillis((long) (age * 1000)));
        }
    }

    /** Removes rows sent before {@code cutoff}; unsent rows are never purged. */
    public int purgeSentBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from outbox where sent_at < ?")) {
            ps.setObject(1, MessageRepository.utc(cutoff));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge the outbox", e);
        }
    }
}
