package ru.civicpulse.ingestion.domain;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.persistence.ImportRunRepository;
import ru.civicpulse.ingestion.persistence.MessageRepository;
import ru.civicpulse.ingestion.persistence.WebhookEventRepository;

import java.time.Instant;

/** Keeps ingestion's own rows only as long as dedup and audit need them (default 90 days). */
@ApplicationScoped
public class RetentionPurge {
    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    @Inject
    IngestionConfig config;
    @Inject
    MessageRepository messages;
    @Inject
    WebhookEventRepository webhookEvents;
    @Inject
    ImportRunRepository importRuns;

    public record Purged(int messages, int webhookEvents, int importRuns) {
    }

    @Scheduled(cron = "{civicpulse.ingestion.purge-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Purged purged = purge(Instant.now());
        LOG.infof("Retention purge: %s", purged);
    }

    /**
     * Deletes everything received before {@code now - retention}. Outbox rows are not ingestion's to
     * keep: the relay deletes each once the broker has it, and parked rows wait for an operator.
     */
    @Transactional
    public Purged purge(Instant now) {
        Instant cutoff = now.minus(config.retention());
        return new Purged(messages.purgeReceivedBefore(cutoff),
                webhookEvents.purgeReceivedBefore(cutoff), importRuns.purgeStartedBefore(cutoff));
    }
}
