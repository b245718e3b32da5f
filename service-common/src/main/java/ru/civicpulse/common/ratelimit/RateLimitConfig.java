package ru.civicpulse.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-client budgets per endpoint class. The defaults leave room for the local stack's load tool
 * and demo feeder (one intake client sending thousands of messages a second, in batches or one
 * webhook call per message) while stopping a single client from monopolising a service.
 */
@ConfigMapping(prefix = "civicpulse.rate-limit")
public interface RateLimitConfig {
    /** Whether the limits are applied at all. */
    @WithDefault("true")
    boolean enabled();

    /** Intake requests (REST messages, VK and Telegram webhooks) per client or channel. */
    @WithDefault("5000/1s")
    Rate intake();

    /** Report orders per client. */
    @WithDefault("30/1m")
    Rate reportOrders();

    /** Ad-hoc classifications per client. */
    @WithDefault("100/1s")
    Rate classify();

    /** File imports per client. */
    @WithDefault("30/1m")
    Rate imports();

    /**
     * How many clients' budgets each class keeps; beyond that the least recently seen are
     * forgotten (a forgotten client starts again with a full budget), so a flood of distinct
     * clients cannot exhaust memory.
     */
    @WithDefault("100000")
    int maxClients();

    default Rate rate(RateLimitClass limitClass) {
        return switch (limitClass) {
            case INTAKE -> intake();
            case REPORT_ORDERS -> reportOrders();
            case CLASSIFY -> classify();
            case IMPORTS -> imports();
        };
    }
}
