package ru.civicpulse.classification.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.classification.persistence.MessageRepository;
import ru.civicpulse.classification.persistence.MessageRepository.Revision;
import ru.civicpulse.common.outbox.Outbox;
import ru.civicpulse.classifier.Analysis;
import ru.civicpulse.contracts.ClassificationFeedback;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.Location;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.TopicScore;
import ru.civicpulse.contracts.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Classifies messages with the active model and queues each result in the outbox, in the
 * caller's transaction. One result exists per message revision and model version: a replay
 * finds it and publishes nothing again.
 */
@ApplicationScoped
public class ClassificationService {

    /** What a batch did. */
    public record Outcome(int classified, int unchanged, int stale, int failed) {
        public Outcome plus(Outcome o) {
            return new Outcome(classified + o.classified, unchanged + o.unchanged, stale + o.stale, failed + o.failed);
        }

        public static final Outcome NONE = new Outcome(0, 0, 0, 0);
    }

    private record Work(MessageIngested message, Analysis analysis, IncidentService.Subject subject) {
    }

    @Inject
    ModelRegistry registry;

    @Inject
    MessageRepository messages;

    @Inject
    Outbox outbox;

    @Inject
    IncidentService incidents;

    @Inject
    ClassificationMetrics metrics;

    /**
     * Classifies the messages (call in a transaction). {@code storeLatest}: also keep them as the
     * latest revision (false when re-classifying stored messages). Messages the analyzer cannot
     * handle go to {@code onFailure}.
     */
    public Outcome classifyAll(List<MessageIngested> batch, boolean storeLatest, BiConsumer<MessageIngested, RuntimeException> onFailure) {
        ModelRegistry.ActiveModel model = registry.current();
        List<MessageIngested> current = storeLatest ? storeLatest(batch) : batch;
        int stale = batch.size() - current.size();
        int unchanged = 0;
        int failed = 0;
        Set<Revision> done = messages.classified(
                current.stream().map(m -> new Revision(m.messageId(), m.revision())).distinct().toList(), model.version());
        Set<Revision> seen = new HashSet<>();
        List<Work> work = new ArrayList<>();
        for (MessageIngested m : current) {
            Revision revision = new Revision(m.messageId(), m.revision());
            if (!seen.add(revision) || done.contains(revision)) {
                unchanged++;
                continue;
            }
            Analysis analysis;
            try {
                analysis = metrics.analysisTimer().record(() -> model.analyzer().analyze(m.text(), m.municipality(), m.publishedAt()));
            } catch (RuntimeException e) {
                failed++;
                onFailure.accept(m, e);
                continue;
            }
            String district = analysis.location() == null || analysis.location().district() == null ? "" : analysis.location().district();
            work.add(new Work(m, analysis, new IncidentService.Subject(m.messageId(), m.municipality(), district,
                    analysis.topic().group(), analysis.simhash(), m.publishedAt())));
        }
        List<String> keys = incidents.assignAll(work.stream().map(Work::subject).toList());
        Instant now = Instant.now();
        List<MessageRepository.ClassificationRow> rows = new ArrayList<>(work.size());
        List<Outbox.Entry> events = new ArrayList<>(work.size());
        List<MessageClassified> results = new ArrayList<>(work.size());
        for (int i = 0; i < work.size(); i++) {
            Work w = work.get(i);
            MessageClassified result = result(w.message(), w.analysis(), keys.get(i), model.version(), now);
            String payload = json(result);
            rows.add(new MessageRepository.ClassificationRow(result.messageId(), result.revision(), result.modelVersion(),
                    result.topic().group(), result.incidentKey(), now, payload));
            events.add(new Outbox.Entry(Topics.MESSAGES_CLASSIFIED, result.messageId().toString(), payload));
            results.add(result);
        }
        messages.insertClassifications(rows);
        outbox.addAll(events);
        results.forEach(metrics::classified);
        return new Outcome(work.size(), unchanged, stale, failed);
    }

    /**
     * Keeps the batch's messages as their latest revisions and returns those that were current when
     * their turn came, in order: one by one, a revision older than the one stored (before the batch
     * or earlier in it) is stale.
     */
    private List<MessageIngested> storeLatest(List<MessageIngested> batch) {
        Map<UUID, MessageRepository.Stored> stored = messages.storeLatest(batch.stream()
                .map(m -> new MessageRepository.Latest(m.messageId(), m.revision(), m.municipality(), m.publishedAt(), json(m)))
                .toList());
        Map<UUID, Integer> newest = new HashMap<>();
        List<MessageIngested> current = new ArrayList<>(batch.size());
        for (MessageIngested m : batch) {
            MessageRepository.Stored s = stored.get(m.messageId());
            Integer before = newest.getOrDefault(m.messageId(), s.before());
            // kept: the batch's newest revision is stored, so no newer one came from elsewhere
            if (s.kept() && (before == null || before <= m.revision())) {
                current.add(m);
            }
            newest.put(m.messageId(), before == null ? m.revision() : Math.max(before, m.revision()));
        }
        return current;
    }

    /**
     * Publishes the message's newest result again with the analyst's group and topic (call in the
     * transaction that stored the correction), so that read models count the message where the analyst
     * put it. The corrected result keeps revision and model version and is classified later, so it
     * replaces the model's result downstream; it leaves the model's incident, which was of the old
     * group. Nothing is published for a message this service never classified or already so labelled.
     */
    public void publishCorrection(ClassificationFeedback f) {
        if (f.messageId() == null) {
            return;
        }
        Optional<MessageClassified> latest = messages.latestClassification(f.messageId()).map(ClassificationService::parse);
        if (latest.isEmpty() || latest.get().topic() == null) {
            return;
        }
        MessageClassified m = latest.get();
        if (f.group().equals(m.topic().group()) && Objects.equals(f.topic(), m.topic().topic())) {
            return;
        }
        Instant now = Instant.now();
        UUID eventId = UUID.nameUUIDFromBytes(("corrected:" + f.eventId()).getBytes(StandardCharsets.UTF_8));
        MessageClassified corrected = new MessageClassified(eventId, MessageClassified.TYPE, MessageClassified.VERSION, now,
                m.messageId(), m.revision(), m.source(), m.sourceMessageId(), m.channelId(), m.url(), m.kind(), m.inReplyTo(),
                m.authorRef(), m.text(), m.publishedAt(), m.receivedAt(), m.municipality(), m.geo(),
                new TopicScore(f.group(), f.topic(), 1.0), m.alternatives(), false, m.sentiment(), m.urgency(), m.location(),
                null, m.modelVersion(), now, m.sourceExecutor());
        outbox.add(Topics.MESSAGES_CLASSIFIED, m.messageId().toString(), json(corrected));
    }

    private static MessageClassified parse(String payload) {
        try {
            return EventJson.mapper().readValue(payload, MessageClassified.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored classification is unreadable", e);
        }
    }

    static MessageClassified result(MessageIngested m, Analysis a, String incidentKey, String modelVersion, Instant now) {
        Location location = a.location();
        if (m.address() != null && (location == null || location.address() == null)) {
            location = new Location(location == null ? null : location.district(), m.address());
        }
        return new MessageClassified(eventId(m.messageId(), m.revision(), modelVersion), MessageClassified.TYPE,
                MessageClassified.VERSION, now, m.messageId(), m.revision(), m.source(), m.sourceMessageId(), m.channelId(),
                m.url(), m.kind(), m.inReplyTo(), m.authorRef(), m.text(), m.publishedAt(), m.receivedAt(), m.municipality(),
                m.geo(), a.topic(), a.alternatives(), a.needsReview(), a.sentiment(), a.urgency(), location, incidentKey,
                modelVersion, now, m.sourceExecutor());
    }

    /** The same message revision under the same model always yields the same event id (downstream dedup). */
    static UUID eventId(UUID messageId, int revision, String modelVersion) {
        return UUID.nameUUIDFromBytes(("classified:" + messageId + ":" + revision + ":" + modelVersion).getBytes(StandardCharsets.UTF_8));
    }

    static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
