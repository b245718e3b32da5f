package ru.civicpulse.classification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import ru.civicpulse.classification.persistence.IncidentRepository;
import ru.civicpulse.classification.persistence.IncidentRepository.Bucket;
import ru.civicpulse.classification.persistence.IncidentRepository.Incident;
import ru.civicpulse.classification.persistence.IncidentRepository.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The candidates of every window are the latest seen incidents of its bucket that cover it, at most
 * {@link IncidentRepository#CANDIDATES}, whether the bucket holds few or more than that, and
 * whatever other windows of the same bucket the batch asks for.
 */
@QuarkusTest
class IncidentCandidatesTest {

    @Inject
    IncidentRepository incidents;

    @Test
    void everyWindowGetsTheLatestIncidentsThatCoverItEvenWhenItsBucketHoldsMoreThanTheCap() {
        Bucket crowded = new Bucket("candidates-town", "north", "roads");
        Bucket quiet = new Bucket("candidates-town", "south", "roads");
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        List<IncidentRepository.NewIncident> stored = new ArrayList<>();
        // 60 incidents seen in the first day, then 600 that start on the third day and are seen later
        for (int i = 0; i < 60; i++) {
            stored.add(incident(crowded, t0.plus(Duration.ofMinutes(i)), t0.plus(Duration.ofMinutes(60 + i))));
        }
        for (int i = 0; i < 600; i++) {
            Instant first = t0.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(i));
            stored.add(incident(crowded, first, first.plus(Duration.ofHours(30))));
        }
        for (int i = 0; i < 5; i++) {
            stored.add(incident(quiet, t0.plus(Duration.ofHours(i)), t0.plus(Duration.ofHours(i + 1))));
        }
        QuarkusTransaction.requiringNew().run(() -> incidents.create(stored));

        // the first day's window: the 600 later incidents are seen later but began after it
        Window early = new Window(crowded, t0, t0.plus(Duration.ofDays(1)));
        // a window over everything: more incidents cover it than the cap
        Window wide = new Window(crowded, t0, t0.plus(Duration.ofDays(5)));
        Window south = new Window(quiet, t0, t0.plus(Duration.ofDays(1)));
        List<Window> windows = List.of(early, wide, south, early);
        List<List<Incident>> found = QuarkusTransaction.requiringNew().call(() -> incidents.candidates(windows));

        for (int i = 0; i < windows.size(); i++) {
            assertThat(found.get(i)).as("window " + i).containsExactlyElementsOf(expected(stored, windows.get(i)));
        }
        assertThat(found.get(0)).hasSize(60);
        assertThat(found.get(1)).hasSize(IncidentRepository.CANDIDATES);
        assertThat(found.get(2)).hasSize(5);
    }

    /** What the definition says: the bucket's incidents covering the window, latest seen first, at most the cap. */
    private static List<Incident> expected(List<IncidentRepository.NewIncident> stored, Window w) {
        return stored.stream().filter(n -> n.bucket().equals(w.bucket())).map(IncidentRepository.NewIncident::incident)
                .filter(i -> !i.lastSeen().isBefore(w.from()) && !i.firstSeen().isAfter(w.to()))
                .sorted(Comparator.comparing(Incident::lastSeen).reversed().thenComparing(Incident::key))
                .limit(IncidentRepository.CANDIDATES)
                .toList();
    }

    private static IncidentRepository.NewIncident incident(Bucket bucket, Instant first, Instant last) {
        return new IncidentRepository.NewIncident(bucket, new Incident("inc-" + UUID.randomUUID(), 0L, first, last));
    }
}
