package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import ru.civicpulse.classification.messaging.OutboxRelay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The transactional outbox: rows added with the effect, relayed to Kafka, then deleted. */
@ApplicationScoped
public class OutboxRepository {

    public record Row(long id, String topic, String key, String payload, String headersJson) {
    }

    private static final Object WAKE_REGISTERED = new Object();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    /** Adds a row in the current transaction; the relay is woken once that transaction commits. */
    public void add(String topic, String key, String payload, String headersJson) {
        addAll(topic, List.of(new Row(0, topic, key, payload, headersJson)));
    }

    /** Adds rows to one topic with a single batched statement. */
    public void addAll(String topic, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (transactions.getResource(WAKE_REGISTERED) == null) {
            transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        relay.wake();
                    }
                }
            });
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into outbox (topic, message_key, payload, headers) values (?, ?, ?, ?::jsonb)")) {
            for (Row row : rows) {
                Jdbc.bind(ps, topic, row.key(), row.payload(), row.headersJson());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** The oldest unsent rows, locked; rows another replica is relaying are skipped. Call in a transaction. */
    public List<Row> lockOldest(int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select id, topic, message_key, payload, headers::text from outbox order by id limit ? for update skip locked")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public void delete(List<Long> ids) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from outbox where id = any (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public long pending() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }
}
