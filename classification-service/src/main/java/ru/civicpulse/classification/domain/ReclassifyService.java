package ru.civicpulse.classification.domain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import ru.civicpulse.classification.persistence.MessageRepository;
import ru.civicpulse.classification.persistence.ReclassifyJobRepository;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Re-classifies the stored messages of a period with the active model, in the background and page
 * by page; the run's counts are written after every page, so any replica can report its progress.
 */
@ApplicationScoped
public class ReclassifyService {
    private static final Logger LOG = Logger.getLogger(ReclassifyService.class);
    private static final int PAGE = 200;

    @Inject
    MessageRepository messages;

    @Inject
    ClassificationService classification;

    @Inject
    ModelRegistry registry;

    @Inject
    ReclassifyJobRepository jobs;

    @Inject
    ManagedExecutor executor;

    /** Starts a run with the model active now; returns its id at once. */
    public UUID start(Instant from, Instant to, String requestedBy) {
        UUID id = UUID.randomUUID();
        jobs.create(id, from, to, registry.current().version(), messages.count(from, to), requestedBy);
        executor.runAsync(() -> run(id, from, to));
        return id;
    }

    void run(UUID id, Instant from, Instant to) {
        try {
            Instant afterPublished = Instant.EPOCH;
            UUID afterId = new UUID(0, 0);
            int done = 0;
            ClassificationService.Outcome outcome = ClassificationService.Outcome.NONE;
            jobs.progress(id, 0, 0, 0, 0);
            while (true) {
                List<MessageRepository.StoredMessage> page = messages.page(from, to, afterPublished, afterId, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                List<MessageIngested> batch = new ArrayList<>(page.size());
                for (MessageRepository.StoredMessage stored : page) {
                    batch.add(parse(stored.payload()));
                }
                // One transaction per page: a long period never holds locks for long.
                outcome = outcome.plus(QuarkusTransaction.requiringNew().call(() -> classification.classifyAll(batch, false,
                        (m, e) -> LOG.warnf(e, "Message %s could not be re-classified", m.messageId()))));
                done += page.size();
                jobs.progress(id, done, outcome.classified(), outcome.unchanged(), outcome.failed());
                MessageRepository.StoredMessage last = page.get(page.size() - 1);
                afterPublished = last.publishedAt();
                afterId = last.messageId();
            }
            jobs.finished(id);
            LOG.infof("Re-classification %s of [%s, %s): %d messages, %d new results, %d unchanged, %d failed",
                    id, from, to, done, outcome.classified(), outcome.unchanged(), outcome.failed());
        } catch (RuntimeException | Error e) {
            LOG.warnf(e, "Re-classification %s failed", id);
            jobs.failed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static MessageIngested parse(String payload) {
        try {
            return EventJson.mapper().readValue(payload, MessageIngested.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
