package ru.civicpulse.ingestion.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.common.outbox.Outbox;
import ru.civicpulse.common.text.PiiMasker;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.ingestion.message.NewMessage;
import ru.civicpulse.ingestion.message.StoredMessage;
import ru.civicpulse.ingestion.persistence.MessageRepository;
import ru.civicpulse.ingestion.persistence.WebhookEventRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores messages once per (source, source id) and writes their events to the outbox in the
 * same transaction; service-common's relay publishes them once it committed.
 */
@ApplicationScoped
public class IntakeService {


    /** What happened to one message: stored now (accepted) or already known (duplicate). */
    public record Outcome(UUID messageId, boolean accepted) {
    }

    @Inject
    MessageRepository messages;
    @Inject
    Outbox outbox;
    @Inject
    WebhookEventRepository webhookEvents;
    @Inject
    MeterRegistry meters;

    /** Takes in new messages; duplicates of stored ones (or of earlier items) are not stored again. */
    @Transactional
    public List<Outcome> take(List<NewMessage> incoming, String channel) {
        return store(incoming, incoming.stream().map(m -> channel).toList());
    }

    /**
     * One message of a single-message request, with the channel it came by and, for a webhook,
     * its delivery id (null for REST), which is recorded in the same transaction.
     */
    public record Single(NewMessage message, String channel, String deliveryId) {
    }

    /**
     * Takes in single messages of different requests in one transaction (see {@link GroupCommit}).
     * {@code result[i]} is empty when the delivery of {@code singles.get(i)} was handled before.
     */
    @Transactional
    public List<Optional<Outcome>> takeEach(List<Single> singles) {
        boolean[] fresh = webhookEvents.markAllProcessed(singles.stream()
                .map(s -> s.deliveryId() == null ? null : new WebhookEventRepository.Delivery(s.channel(), s.deliveryId()))
                .toList());
        List<NewMessage> toStore = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < singles.size(); i++) {
            if (fresh[i]) {
                toStore.add(singles.get(i).message());
                channels.add(singles.get(i).channel());
            }
        }
        List<Outcome> stored = store(toStore, channels);
        List<Optional<Outcome>> outcomes = new ArrayList<>(singles.size());
        int next = 0;
        for (boolean f : fresh) {
            outcomes.add(f ? Optional.of(stored.get(next++)) : Optional.empty());
        }
        return outcomes;
    }

    /** Stores {@code incoming} (the caller's transaction) and queues the events of what is new; {@code channels[i]} labels item i. */
    private List<Outcome> store(List<NewMessage> incoming, List<String> channels) {
        List<NewMessage> masked = incoming.stream().map(IntakeService::masked).toList();
        Instant now = Instant.now();
        boolean[] inserted = messages.insertNew(masked, now);
        List<Outcome> outcomes = new ArrayList<>(masked.size());
        List<MessageIngested> events = new ArrayList<>();
        for (int i = 0; i < masked.size(); i++) {
            NewMessage m = masked.get(i);
            outcomes.add(new Outcome(m.messageId(), inserted[i]));
            if (inserted[i]) {
                events.add(StoredMessage.of(m, 1, now).toEvent(now));
            }
            meters.counter(inserted[i] ? "civicpulse.ingested" : "civicpulse.duplicates",
                    "source", m.source().name(), "channel", channels.get(i)).increment();
        }
        publish(events);
        return outcomes;
    }

    /**
     * Takes in an edit from a channel: the stored message gets the new text and a higher revision,
     * which is published again; an edit of a message never seen is taken in as new.
     */
    @Transactional
    public Outcome edit(NewMessage edited, String channel) {
        NewMessage m = masked(edited);
        Instant now = Instant.now();
        var revised = messages.revise(m, now);
        if (revised.isEmpty()) {
            return take(List.of(edited), channel).get(0);
        }
        if (revised.get().changed()) {
            publish(List.of(revised.get().message().toEvent(now)));
            meters.counter("civicpulse.edits", "source", m.source().name(), "channel", channel).increment();
        }
        return new Outcome(m.messageId(), revised.get().changed());
    }

    public void countRejected(String channel, int count) {
        if (count > 0) {
            meters.counter("civicpulse.rejected", "channel", channel).increment(count);
        }
    }

    /** Queues the events on {@code civic.messages.ingested.v1}, keyed by message id, in the caller's transaction. */
    private void publish(List<MessageIngested> events) {
        List<Outbox.Entry> entries = new ArrayList<>(events.size());
        for (MessageIngested event : events) {
            try {
                entries.add(new Outbox.Entry(Topics.MESSAGES_INGESTED, event.messageId().toString(),
                        EventJson.mapper().writeValueAsString(event)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Could not serialise " + event.messageId(), e);
            }
        }
        outbox.addAll(entries);
    }

    private static NewMessage masked(NewMessage m) {
        return new NewMessage(m.source(), m.sourceMessageId(), m.kind(), m.channelId(), m.url(), m.inReplyTo(), m.authorRef(),
                PiiMasker.mask(m.text()), m.publishedAt(), m.municipality(), m.geo(), PiiMasker.mask(m.address()), m.attachments(),
                PiiMasker.mask(m.sourceExecutor()));
    }
}
