package ru.civicpulse.classification.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;
import ru.civicpulse.common.AckedSend;
import ru.civicpulse.classification.config.ClassificationConfig;
import ru.civicpulse.classification.persistence.OutboxRepository;
import ru.civicpulse.contracts.EventJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes outbox rows and deletes them once the broker acknowledged them. Rows are locked
 * with SKIP LOCKED, so several replicas relay disjoint rows. A crash between send and delete
 * re-sends: consumers are idempotent (the classified event id is deterministic).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    OutboxRepository outbox;

    @Inject
    ClassificationConfig config;

    @Inject
    @Channel("outbox")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> emitter;

    @Inject
    ManagedExecutor executor;

    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean requested = new AtomicBoolean();

    /** Safety net: picks up rows whose commit-time wake-up was missed (e.g. written by a crashed replica). */
    @Scheduled(every = "${classification.outbox.interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        drain();
    }

    /** Called after a transaction that wrote outbox rows committed: publish now rather than at the next tick. */
    public void wake() {
        requested.set(true);
        executor.execute(this::drain);
    }

    /** One drain at a time per replica, so rows leave in outbox order. */
    void drain() {
        if (!running.tryLock()) {
            return; // the running drain sees the request and goes round again
        }
        try {
            do {
                requested.set(false);
                while (relayBatch() == config.outbox().batchSize()) {
                    // a full batch: more may be waiting
                }
            } while (requested.get());
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay paused: %s", e.getMessage());
        } finally {
            running.unlock();
        }
    }

    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxRepository.Row> rows = outbox.lockOldest(config.outbox().batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
            for (OutboxRepository.Row row : rows) {
                acks.add(send(row));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(config.outbox().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            outbox.delete(rows.stream().map(OutboxRepository.Row::id).toList());
            return rows.size();
        });
    }

    private CompletableFuture<Void> send(OutboxRepository.Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers(row.headersJson()).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return AckedSend.send(emitter, row.payload(), OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic()).withKey(row.key()).withHeaders(headers).build());
    }

    private static Map<String, String> headers(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
