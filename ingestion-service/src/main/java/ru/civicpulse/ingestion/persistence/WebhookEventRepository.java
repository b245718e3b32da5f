package ru.civicpulse.ingestion.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static ru.civicpulse.ingestion.persistence.MessageRepository.utc;

/** Webhook deliveries already handled: VK and Telegram re-send until they hear back. */
@ApplicationScoped
public class WebhookEventRepository {
    @Inject
    AgroalDataSource dataSource;

    /** A webhook delivery: the channel it came by and the id the sender gave it. */
    public record Delivery(String channel, String eventId) {
    }

    /** Records the event in the caller's transaction; false when it was processed before. */
    public boolean markProcessed(String channel, String eventId) {
        return markAllProcessed(List.of(new Delivery(channel, eventId)))[0];
    }

    /**
     * Records the deliveries in the caller's transaction in one batched statement; {@code result[i]}
     * is false when {@code deliveries.get(i)} was processed before (or earlier in the list). A null
     * item (no delivery id) is not recorded and counts as new.
     */
    public boolean[] markAllProcessed(List<Delivery> deliveries) {
        Sql.Batch batch = Sql.batch("insert into processed_webhook_events (channel, event_id) values (?, ?) on conflict do nothing");
        for (Delivery d : deliveries) {
            if (d != null) {
                batch.add(d.channel(), d.eventId());
            }
        }
        int[] counts = Sql.onConnection(dataSource, "Could not record webhook events", batch::execute);
        boolean[] fresh = new boolean[deliveries.size()];
        int next = 0;
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = deliveries.get(i) == null || counts[next++] > 0;
        }
        return fresh;
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
