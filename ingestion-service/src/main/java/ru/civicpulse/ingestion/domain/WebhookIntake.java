package ru.civicpulse.ingestion.domain;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.ingestion.persistence.WebhookEventRepository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What VK and Telegram deliveries have in common: each delivery id is handled once (recorded in
 * the same transaction as its message), edits publish a new revision, other events are counted.
 */
@ApplicationScoped
public class WebhookIntake {

    /** A delivery mapped to our terms: a message (new or edited), or something we do not take in. */
    public record Delivery(NewMessage message, boolean edit, String ignoredType) {
        public static Delivery of(NewMessage message, boolean edit) {
            return new Delivery(message, edit, null);
        }

        public static Delivery ignored(String type) {
            return new Delivery(null, false, type);
        }
    }

    @Inject
    WebhookEventRepository events;
    @Inject
    IntakeService intake;
    @Inject
    MeterRegistry meters;

    /** Constant-time comparison of a configured secret with the one a request presents. */
    public static boolean secretMatches(String expected, String presented) {
        if (expected == null || expected.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Transactional
    public void handle(String channel, String deliveryId, Delivery delivery) {
        if (deliveryId != null && !events.markProcessed(channel, deliveryId)) {
            meters.counter("civicpulse.webhook.redelivered", "channel", channel).increment();
            return;
        }
        if (delivery.message() == null) {
            meters.counter("civicpulse.webhook.ignored", "channel", channel, "type", delivery.ignoredType()).increment();
            return;
        }
        if (delivery.edit()) {
            intake.edit(delivery.message(), channel);
        } else {
            intake.take(java.util.List.of(delivery.message()), channel);
        }
    }
}
