package ru.civicpulse.ingestion.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import static ru.civicpulse.ingestion.persistence.MessageRepository.utc;

/** Webhook deliveries already handled: VK and Telegram re-send until they hear back. */
@ApplicationScoped
public class WebhookEventRepository {
    @Inject
    AgroalDataSource dataSource;

    /** Records the event in the caller's transaction; false when it was processed before. */
    public boolean markProcessed(String channel, String eventId) {
        return update("Could not record webhook event", new Sql(
                "insert into processed_webhook_events (channel, event_id) values (?, ?) on conflict do nothing", channel, eventId)) > 0;
    }

    public int purgeReceivedBefore(Instant cutoff) {
        return update("Could not purge webhook events",
                new Sql("delete from processed_webhook_events where received_at < ?", utc(cutoff)));
    }

    private int update(String what, Sql statement) {
        try (Connection c = dataSource.getConnection()) {
            return statement.update(c);
        } catch (SQLException e) {
            throw StorageFailure.of(what, e);
        }
    }
}
