package ru.civicpulse.classification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.classification.config.ClassificationConfig;
import ru.civicpulse.classification.persistence.IncidentRepository;
import ru.civicpulse.classification.persistence.IncidentRepository.Bucket;
import ru.civicpulse.classification.persistence.IncidentRepository.Incident;
import ru.civicpulse.classification.persistence.IncidentRepository.Window;
import ru.civicpulse.classification.persistence.MessageRepository;
import ru.civicpulse.classification.persistence.MessageRepository.InGroup;
import ru.civicpulse.classifier.NearDuplicates;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gives messages about the same problem in the same place and time window one incident key.
 * State lives in PostgreSQL and assignment of a bucket (municipality, district, group) is
 * serialised by a transaction-scoped advisory lock, so restarts and concurrent replicas agree.
 * A batch is assigned with a fixed number of statements: its state is read once, the
 * assignment runs in memory, and the new and widened incidents are written once.
 */
@ApplicationScoped
public class IncidentService {

    /** What incident assignment looks at. {@code district} is "" when the place is unknown. */
    public record Subject(UUID messageId, String municipality, String district, String group, long simhash, Instant at) {
        public Bucket bucket() {
            return new Bucket(municipality, district, group);
        }
    }

    private static final Comparator<Incident> LATEST_SEEN_FIRST =
            Comparator.comparing(Incident::lastSeen).reversed().thenComparing(Incident::key);

    @Inject
    IncidentRepository incidents;

    @Inject
    MessageRepository messages;

    @Inject
    ClassificationConfig config;

    /**
     * The incident key of each subject, in the order given (call in a transaction). Subjects are
     * assigned bucket by bucket in sorted order (then in the order given), each one seeing what the
     * ones before it created or widened, exactly as if they came one at a time in that order.
     */
    public List<String> assignAll(List<Subject> subjects) {
        String[] keys = new String[subjects.size()];
        // A message keeps its incident when re-classified into the same group (new revision or model).
        Map<InGroup, String> previous = messages.previousIncidents(
                subjects.stream().map(s -> new InGroup(s.messageId(), s.group())).distinct().toList());
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            keys[i] = previous.get(new InGroup(subjects.get(i).messageId(), subjects.get(i).group()));
            if (keys[i] == null) {
                open.add(i);
            }
        }
        if (open.isEmpty()) {
            return List.of(keys);
        }
        // Buckets are locked in one global order (their sorted names), so concurrent batches never deadlock.
        open.sort(Comparator.comparing(i -> subjects.get(i).bucket().name()));
        incidents.lockBuckets(open.stream().map(i -> subjects.get(i).bucket().name()).distinct().toList());

        Duration span = config.incident().window();
        int maxDistance = config.incident().maxDistance().orElse(NearDuplicates.SAME_PROBLEM_MAX_DISTANCE);
        Map<Window, Integer> windows = new LinkedHashMap<>();
        for (int i : open) {
            windows.putIfAbsent(window(subjects.get(i), span), windows.size());
        }
        List<List<Incident>> stored = incidents.candidates(List.copyOf(windows.keySet()));

        // What this batch created or widened so far, per bucket; the latest state of each incident.
        Map<Bucket, Map<String, Incident>> changed = new LinkedHashMap<>();
        Map<String, Bucket> created = new LinkedHashMap<>();
        for (int i : open) {
            Subject s = subjects.get(i);
            Window w = window(s, span);
            Map<String, Incident> inBatch = changed.computeIfAbsent(s.bucket(), b -> new LinkedHashMap<>());
            Map<String, Incident> pool = new HashMap<>();
            for (Incident incident : stored.get(windows.get(w))) {
                pool.put(incident.key(), incident);
            }
            pool.putAll(inBatch);
            // The same candidates the database would give now: widened incidents only move up the order.
            List<Incident> candidates = pool.values().stream()
                    .filter(c -> !c.lastSeen().isBefore(w.from()) && !c.firstSeen().isAfter(w.to()))
                    .sorted(LATEST_SEEN_FIRST)
                    .limit(IncidentRepository.CANDIDATES)
                    .toList();
            Incident best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (Incident c : candidates) {
                int distance = NearDuplicates.distance(c.simhash(), s.simhash());
                if (distance <= maxDistance && distance < bestDistance) {
                    best = c;
                    bestDistance = distance;
                }
            }
            if (best != null) {
                inBatch.put(best.key(), widened(best, s.at()));
                keys[i] = best.key();
                continue;
            }
            // Derived from the first message, so a replay of that message recreates the same key.
            String key = "inc-" + UUID.nameUUIDFromBytes(("incident:" + s.messageId() + ":" + s.group()).getBytes(StandardCharsets.UTF_8));
            if (!pool.containsKey(key) && !created.containsKey(key)) {
                inBatch.put(key, new Incident(key, s.simhash(), s.at(), s.at()));
                created.put(key, s.bucket());
            }
            keys[i] = key;
        }

        List<IncidentRepository.NewIncident> news = new ArrayList<>();
        List<Incident> touched = new ArrayList<>();
        for (Map.Entry<Bucket, Map<String, Incident>> bucket : changed.entrySet()) {
            for (Incident incident : bucket.getValue().values()) {
                if (created.containsKey(incident.key())) {
                    news.add(new IncidentRepository.NewIncident(bucket.getKey(), incident));
                } else {
                    touched.add(incident);
                }
            }
        }
        incidents.create(news);
        incidents.touch(touched);
        return List.of(keys);
    }

    private static Window window(Subject s, Duration span) {
        return new Window(s.bucket(), s.at().minus(span), s.at().plus(span));
    }

    private static Incident widened(Incident incident, Instant at) {
        Instant first = at.isBefore(incident.firstSeen()) ? at : incident.firstSeen();
        Instant last = at.isAfter(incident.lastSeen()) ? at : incident.lastSeen();
        return new Incident(incident.key(), incident.simhash(), first, last);
    }
}
