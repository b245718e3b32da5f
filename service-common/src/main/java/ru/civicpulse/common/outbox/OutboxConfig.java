package ru.civicpulse.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The outbox relay of a service ({@code civicpulse.outbox.*}). */
@ConfigMapping(prefix = "civicpulse.outbox")
public interface OutboxConfig {
    /** Whether this replica relays; rows are written either way. */
    @WithDefault("true")
    boolean enabled();

    /** Rows locked and published per relay transaction. */
    @WithDefault("200")
    int batchSize();

    /** How often the relay looks for rows it was not woken for (it is woken after every commit that wrote rows). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** First back-off after a failed publish; doubles per attempt of the row. */
    @WithDefault("PT0.2S")
    Duration minBackoff();

    /** Upper bound of the back-off. */
    @WithDefault("PT10S")
    Duration maxBackoff();

    /** How long one publish may wait for the broker before it counts as failed ({@code delivery.timeout.ms}). */
    @WithDefault("PT30S")
    Duration deliveryTimeout();

    /**
     * Attempts after which a row the broker refuses for good (too large, not serialisable) is
     * parked: kept in the table, no longer retried, and no longer holding back its key's later rows.
     */
    @WithDefault("3")
    int parkAfterAttempts();

    /** The {@code service} tag of the outbox metrics; the application name if unset. */
    Optional<String> service();
}
