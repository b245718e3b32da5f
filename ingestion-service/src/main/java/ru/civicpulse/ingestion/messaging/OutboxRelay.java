package ru.civicpulse.ingestion.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.persistence.OutboxRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to {@link Topics#MESSAGES_INGESTED} in id order and marks them sent once
 * the broker has acknowledged them (acks=all, idempotent producer: a retried send never lands
 * twice). Runs every 200 ms and right after a commit that wrote rows. On a failure the rows stay
 * unsent and the relay backs off; the oldest unsent row always goes first, so a message's
 * revisions keep their order.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final int TOPIC_PARTITIONS = 6;

    @Inject
    OutboxRepository outbox;
    @Inject
    IngestionConfig config;
    @Inject
    MeterRegistry meters;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    // Quarkus' scheduler runs at most once a second; the relay polls every 200 ms besides being woken on commit
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "outbox-relay-tick"));
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong backlogSize = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private volatile KafkaProducer<String, String> producer;
    private volatile Instant pausedUntil = Instant.EPOCH;
    private volatile boolean topicReady;

    void onStart(@Observes StartupEvent event) {
        meters.gauge("civicpulse.outbox.backlog", backlogSize);
        meters.gauge("civicpulse.outbox.oldest.age.seconds", oldestAgeSeconds);
        if (config.relay().enabled()) {
            producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
            ticker.scheduleWithFixedDelay(this::wake, 1000, 200, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        ticker.shutdownNow();
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Asks for a relay run soon; runs never overlap and wake-ups while one is queued merge. */
    public void wake() {
        if (producer != null && queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    queued.set(false);
                    drain();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false); // shutting down
            }
        }
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measureBacklog() {
        try {
            OutboxRepository.Backlog backlog = outbox.backlog();
            backlogSize.set(backlog.size());
            oldestAgeSeconds.set(backlog.oldestAge().toSeconds());
        } catch (Exception e) {
            LOG.debugf("Could not measure the outbox backlog: %s", e.getMessage());
        }
    }

    void drain() {
        try {
            while (Instant.now().isAfter(pausedUntil) && relayOneBatch()) {
                // a full batch was sent: more may be waiting
            }
        } catch (Exception e) {
            LOG.warnf("Outbox relay run failed, will retry: %s", e.toString());
        }
    }

    /** Returns true when a full batch was sent and the next one may follow at once. */
    private boolean relayOneBatch() throws Exception {
        ensureTopic();
        try (OutboxRepository.Batch batch = outbox.lockNextBatch(config.relay().batchSize())) {
            if (batch == null || batch.rows().isEmpty()) {
                return false;
            }
            Instant now = Instant.now();
            OutboxRepository.Row head = batch.rows().get(0);
            if (head.nextAttemptAt().isAfter(now)) {
                pausedUntil = head.nextAttemptAt(); // the oldest row is backing off: nothing overtakes it
                return false;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            Exception failure = null;
            try {
                // The topic's metadata first: with the broker away, every send of the batch would
                // otherwise wait max.block.ms on its own, one after another.
                producer.partitionsFor(Topics.MESSAGES_INGESTED);
            } catch (Exception e) {
                failure = e;
            }
            for (int i = 0; failure == null && i < batch.rows().size(); i++) {
                OutboxRepository.Row row = batch.rows().get(i);
                try {
                    acks.add(producer.send(new ProducerRecord<>(Topics.MESSAGES_INGESTED, row.aggregateId().toString(), row.payload())));
                } catch (Exception e) {
                    failure = e; // not handed to the producer: this row and the rest stay for later
                }
            }
            List<Long> sent = new ArrayList<>();
            OutboxRepository.Row firstFailed = null;
            long waitMillis = config.relay().deliveryTimeout().toMillis() + 30_000;
            for (int i = 0; i < acks.size(); i++) {
                OutboxRepository.Row row = batch.rows().get(i);
                try {
                    acks.get(i).get(waitMillis, TimeUnit.MILLISECONDS);
                    sent.add(row.id());
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (firstFailed == null) {
                        firstFailed = row;
                        failure = e.getCause() instanceof Exception cause ? cause : e;
                    }
                    batch.markFailed(row.id(), String.valueOf(failure), now.plus(backoff(row.attempts() + 1)));
                }
            }
            if (firstFailed == null && failure != null && acks.size() < batch.rows().size()) {
                firstFailed = batch.rows().get(acks.size());
                batch.markFailed(firstFailed.id(), failure.toString(), now.plus(backoff(firstFailed.attempts() + 1)));
            }
            batch.markSent(sent, Instant.now());
            batch.commit();
            meters.counter("civicpulse.outbox.published").increment(sent.size());
            if (firstFailed != null) {
                Duration backoff = backoff(firstFailed.attempts() + 1);
                pausedUntil = Instant.now().plus(backoff);
                meters.counter("civicpulse.outbox.failures").increment();
                LOG.warnf("Publishing to %s failed (%s); %d rows wait, retry in %d ms",
                        Topics.MESSAGES_INGESTED, failure, batch.rows().size() - sent.size(), backoff.toMillis());
                return false;
            }
            return batch.rows().size() == config.relay().batchSize();
        }
    }

    private Duration backoff(int attempts) {
        long millis = MIN_BACKOFF.toMillis() << Math.min(Math.max(attempts - 1, 0), 10);
        return Duration.ofMillis(Math.min(millis, config.relay().maxBackoff().toMillis()));
    }

    /** Creates the topic with its partitions when the cluster does not manage it already. */
    private void ensureTopic() {
        if (topicReady) {
            return;
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(Topics.MESSAGES_INGESTED, Optional.of(TOPIC_PARTITIONS), Optional.empty())))
                    .all().get(5, TimeUnit.SECONDS);
            topicReady = true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                topicReady = true;
            }
        } catch (Exception e) {
            LOG.debugf("Topic check failed, the send will tell: %s", e.toString());
        }
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "ingestion-outbox-relay",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.relay().deliveryTimeout().toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    }
}
