package ru.civicpulse.ingestion.domain;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.ingestion.message.NewMessage;
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
    GroupCommit group;
    @Inject
    MeterRegistry meters;

    /**
     * An event type as a metric label. Senders choose it, so only names shaped like a type, and at
     * most {@value #MAX_TYPE_LABELS} distinct ones, become labels; the rest count as "other".
     */
    static String tag(String type) {
        if (type == null || !TYPE_NAME.matcher(type).matches()) {
            return "other";
        }
        if (TYPE_LABELS.contains(type)) {
            return type;
        }
        synchronized (TYPE_LABELS) {
            if (TYPE_LABELS.size() < MAX_TYPE_LABELS) {
                TYPE_LABELS.add(type);
                return type;
            }
        }
        return "other";
    }

    static final int MAX_TYPE_LABELS = 100;
    private static final java.util.Set<String> TYPE_LABELS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.regex.Pattern TYPE_NAME = java.util.regex.Pattern.compile("[a-z][a-z_]{0,39}");

    /** Constant-time comparison of a configured secret with the one a request presents. */
    public static boolean secretMatches(String expected, String presented) {
        if (expected == null || expected.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A new message goes with the next group commit, its delivery id recorded in the same
     * transaction; edits and ignored events are handled in a transaction of their own.
     */
    public void handle(String channel, String deliveryId, Delivery delivery) {
        String id = NewMessage.withoutNul(deliveryId);
        if (id != null && id.length() > MessageRules.MAX_ID_LENGTH) {
            throw ru.civicpulse.common.ProblemException.unprocessable("The delivery id is too long.", java.util.List.of());
        }
        if (delivery.message() != null && !delivery.edit()) {
            if (group.take(new IntakeService.Single(delivery.message(), channel, id)).isEmpty()) {
                redelivered(channel);
            }
            return;
        }
        handleAlone(channel, id, delivery);
    }

    @Transactional
    void handleAlone(String channel, String deliveryId, Delivery delivery) {
        if (deliveryId != null && !events.markProcessed(channel, deliveryId)) {
            redelivered(channel);
            return;
        }
        if (delivery.message() == null) {
            meters.counter("civicpulse.webhook.ignored", "channel", channel, "type", tag(delivery.ignoredType())).increment();
            return;
        }
        intake.edit(delivery.message(), channel);
    }

    private void redelivered(String channel) {
        meters.counter("civicpulse.webhook.redelivered", "channel", channel).increment();
    }
}
