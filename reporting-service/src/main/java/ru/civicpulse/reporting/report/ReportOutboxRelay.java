package ru.civicpulse.reporting.report;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import ru.civicpulse.common.AckedSend;

import java.time.Instant;

import java.util.concurrent.TimeUnit;

/**
 * Publishes queued ReportPublished events (key = report id) and marks them sent once the broker
 * acknowledged. Rows stay locked while sending, so two instances never send the same event;
 * a crash between send and mark re-sends it (consumers dedupe by eventId).
 */
@ApplicationScoped
public class ReportOutboxRelay {
    private static final Logger LOG = Logger.getLogger(ReportOutboxRelay.class);
    private static final int BATCH = 5;
    private static final long ACK_SECONDS = 30;

    @Inject
    ReportRepository repository;

    @Inject
    @Channel("reports-published")
    Emitter<String> emitter;

    // Not before start-up completes: the Kafka channels are wired during start-up.
    @Scheduled(every = "${civicpulse.reports.outbox-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    @TransactionConfiguration(timeout = 300)
    void relay() {
        for (ReportRepository.Pending p : repository.lockPending(BATCH)) {
            try {
                AckedSend.send(emitter, p.payload(),
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(p.reportId().toString()).build())
                        .get(ACK_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("ReportPublished for %s not sent yet (%s); will retry", p.reportId(), e.getMessage());
                return;
            }
            repository.markPublished(p.id(), Instant.now());
        }
    }
}
