package ru.civicpulse.ingestion.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** Webhook deliveries already handled: VK and Telegram re-send until they hear back. */
@ApplicationScoped
public class WebhookEventRepository {
    @Inject
    AgroalDataSource dataSource;

    /** Records the event in the caller's transaction; false when it was processed before. */
    public boolean markProcessed(String channel, String eventId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into processed_webhook_events (channel, event_id) values (?, ?) on conflict do nothing")) {
            ps.setString(1, channel);
            ps.setString(2, eventId);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw StorageFailure.of("Could not record webhook event", e);
        }
    }

    public int purgeReceivedBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from processed_webhook_events where received_at < ?")) {
            ps.setObject(1, MessageRepository.utc(cutoff));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw StorageFailure.of("Could not purge webhook events", e);
        }
    }
}
