package ru.civicpulse.classification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.classification.config.ClassificationConfig;
import ru.civicpulse.classification.persistence.IncidentRepository;
import ru.civicpulse.classification.persistence.MessageRepository;
import ru.civicpulse.classifier.NearDuplicates;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Gives messages about the same problem in the same place and time window one incident key.
 * State lives in PostgreSQL and assignment of a bucket (municipality, district, group) is
 * serialised by a transaction-scoped advisory lock, so restarts and concurrent replicas agree.
 */
@ApplicationScoped
public class IncidentService {

    /** What incident assignment looks at. {@code district} is "" when the place is unknown. */
    public record Subject(UUID messageId, String municipality, String district, String group, long simhash, Instant at) {
        public String bucket() {
            return municipality + "|" + district + "|" + group;
        }
    }

    @Inject
    IncidentRepository incidents;

    @Inject
    MessageRepository messages;

    @Inject
    ClassificationConfig config;

    /** Call in a transaction; callers with several subjects take them in {@link Subject#bucket()} order (no lock cycles). */
    public String assign(Subject s) {
        // A message keeps its incident when re-classified into the same group (new revision or model).
        var previous = messages.previousIncident(s.messageId(), s.group());
        if (previous.isPresent()) {
            return previous.get();
        }
        incidents.lockBucket(s.municipality(), s.district(), s.group());
        Duration window = config.incident().window();
        int maxDistance = config.incident().maxDistance().orElse(NearDuplicates.SAME_PROBLEM_MAX_DISTANCE);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (IncidentRepository.Candidate c : incidents.candidates(s.municipality(), s.district(), s.group(),
                s.at().minus(window), s.at().plus(window))) {
            int distance = NearDuplicates.distance(c.simhash(), s.simhash());
            if (distance <= maxDistance && distance < bestDistance) {
                best = c.key();
                bestDistance = distance;
            }
        }
        if (best != null) {
            incidents.touch(best, s.at());
            return best;
        }
        // Derived from the first message, so a replay of that message recreates the same key.
        String key = "inc-" + UUID.nameUUIDFromBytes(("incident:" + s.messageId() + ":" + s.group()).getBytes(StandardCharsets.UTF_8));
        incidents.create(key, s.municipality(), s.district(), s.group(), s.simhash(), s.at());
        return key;
    }
}
