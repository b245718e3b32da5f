package ru.civicpulse.common.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;
import ru.civicpulse.common.ApplicationName;
import ru.civicpulse.common.sql.Sql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the service's outbox rows and deletes each once the broker acknowledged it
 * (acks=all, idempotent producer built from the channels' {@code kafka.*} settings).
 *
 * <ul>
 * <li>Order per key: a row is sent only when no earlier unparked row of its key is left, so a
 * message's events reach the topic in the order they were written, also across retries.</li>
 * <li>Replicas: one relay at a time holds a transaction-scoped advisory lock; the batch's rows
 * are locked {@code for update skip locked}.</li>
 * <li>Failures: the row keeps its attempt count and error and backs off (doubling from
 * {@code min-backoff} to {@code max-backoff}); rows of other keys go on. A row the broker refuses
 * for good (too large, not serialisable) is parked after {@code park-after-attempts}.</li>
 * <li>Woken after each commit that wrote rows, and polls every {@code poll-interval}.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Arbitrary constant naming the relay's advisory lock in the service's database. */
    private static final long RELAY_LOCK = 0x1C1C_0001L;
    private static final Duration MEASURE_EVERY = Duration.ofSeconds(2);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxConfig config;
    @Inject
    KafkaClients kafka;
    @Inject
    MeterRegistry meters;
    @Inject
    ApplicationName application;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "outbox-relay-tick"));
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private volatile KafkaProducer<String, String> producer;
    private volatile long pausedUntilNanos = System.nanoTime();
    private int consecutiveFailures;
    private Counter sentCounter;
    private Counter failureCounter;

    void onStart(@Observes StartupEvent event) {
        String service = config.service().orElse(application.name());
        Gauge.builder("civicpulse.outbox.pending", pending, AtomicLong::get).tag("service", service)
                .description("Outbox rows waiting to be published (parked rows excluded)").register(meters);
        Gauge.builder("civicpulse.outbox.parked", parked, AtomicLong::get).tag("service", service)
                .description("Outbox rows parked after the broker refused them for good").register(meters);
        Gauge.builder("civicpulse.outbox.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get).tag("service", service)
                .description("Age of the oldest row waiting to be published").register(meters);
        sentCounter = Counter.builder("civicpulse.outbox.sent").tag("service", service)
                .description("Outbox rows acknowledged by the broker").register(meters);
        failureCounter = Counter.builder("civicpulse.outbox.failures").tag("service", service)
                .description("Failed publish attempts of outbox rows").register(meters);
        ticker.scheduleWithFixedDelay(this::measure, 0, MEASURE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (config.enabled()) {
            producer = kafka.stringProducer(producerOverrides(service));
            ticker.scheduleWithFixedDelay(this::wake, config.pollInterval().toMillis(), config.pollInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
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

    /** Wakes the relay once a transaction that wrote outbox rows has committed. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxWritten written) {
        wake();
    }

    /** Asks for a relay run soon; runs never overlap and wake-ups while one is queued merge. */
    public void wake() {
        if (producer != null && queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    queued.set(false);
                    drain();
                });
            } catch (RejectedExecutionException e) {
                queued.set(false); // shutting down
            }
        }
    }

    /** The producer's effective configuration (as given to the client). */
    public Map<String, Object> producerConfig() {
        return kafka.stringProducerConfig(producerOverrides(config.service().orElse(application.name())));
    }

    private Map<String, Object> producerOverrides(String service) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-outbox-relay");
        overrides.put(ProducerConfig.ACKS_CONFIG, "all");
        overrides.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        overrides.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        overrides.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        int delivery = (int) config.deliveryTimeout().toMillis();
        overrides.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, delivery));
        overrides.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(delivery, Math.min(10_000, delivery) + 5));
        overrides.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        return overrides;
    }

    void drain() {
        try {
            while (System.nanoTime() - pausedUntilNanos >= 0 && relayOneBatch()) {
                // rows were sent: the rows of their keys behind them may follow at once
            }
        } catch (Exception e) {
            LOG.warnf("Outbox relay run failed, will retry: %s", e.toString());
        }
    }

    private record Row(long id, String topic, String key, String payload, String headers, int attempts) {
    }

    /** Returns true when rows were sent, so that a next batch may follow at once. */
    /**
     * The next rows to publish, oldest first, at most the batch size (the parameter). A row goes only
     * when it is the oldest unparked row of its key ("its id is the key's smallest": a lookup in the key
     * index per row).
     */
    public static final String NEXT_BATCH = "select o.id, o.topic, o.key, o.payload, o.headers::text as headers, o.attempts "
            + "from outbox o where o.parked_at is null and o.next_attempt_at <= now() "
            + "and (o.key is null or o.id = (select min(e.id) from outbox e where e.key = o.key and e.parked_at is null)) "
            + "order by o.id limit ? for update of o skip locked";

    /**
     * The plan {@link #NEXT_BATCH} must get, set for the relay's transaction only: walk the primary key
     * in id order and stop at the batch size. An outbox is a queue, so its statistics are usually those
     * of another moment; taken while it was empty, they made the planner scan and sort the whole backlog
     * for every batch (a 30,000-row backlog cost 128 ms a batch instead of 2 ms) or, with an anti-join,
     * join the backlog against itself. JIT is off: compiling would cost more than the batch.
     */
    public static final String PLAN = "select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),"
            + " set_config('enable_sort', 'off', true), set_config('jit', 'off', true)";

    boolean relayOneBatch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean more = relay(c);
                c.commit();
                return more;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private boolean relay(Connection c) throws SQLException {
        if (!new Sql("select pg_try_advisory_xact_lock(?) as locked", RELAY_LOCK).one(c, rs -> rs.getBoolean("locked"))) {
            return false; // another replica is relaying
        }
        new Sql(PLAN).one(c, rs -> 1);
        List<Row> rows = new Sql(NEXT_BATCH, config.batchSize())
                .list(c, rs -> new Row(rs.getLong("id"), rs.getString("topic"), rs.getString("key"), rs.getString("payload"),
                        rs.getString("headers"), rs.getInt("attempts")));
        if (rows.isEmpty()) {
            return false;
        }
        // each topic's metadata first: with the broker away every send would otherwise wait max.block.ms on its own
        Map<String, Exception> unreachable = new HashMap<>();
        Set<String> topics = new HashSet<>();
        rows.forEach(r -> topics.add(r.topic()));
        for (String topic : topics) {
            try {
                producer.partitionsFor(topic);
            } catch (Exception e) {
                unreachable.put(topic, e);
            }
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Exception refused = unreachable.get(row.topic());
            if (refused != null) {
                acks.add(java.util.concurrent.CompletableFuture.failedFuture(refused));
                continue;
            }
            try {
                acks.add(producer.send(record(row)));
            } catch (Exception e) {
                acks.add(java.util.concurrent.CompletableFuture.failedFuture(e));
            }
        }
        List<Long> sent = new ArrayList<>();
        List<Long> parkedNow = new ArrayList<>();
        Exception lastFailure = null;
        long waitMillis = config.deliveryTimeout().toMillis() + 10_000;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            try {
                acks.get(i).get(waitMillis, TimeUnit.MILLISECONDS);
                sent.add(row.id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                Exception failure = e instanceof ExecutionException && e.getCause() instanceof Exception cause ? cause : e;
                lastFailure = failure;
                int attempts = row.attempts() + 1;
                boolean park = refusedForGood(failure) && attempts >= config.parkAfterAttempts();
                markFailed(c, row.id(), failure.toString(), backoff(attempts), park);
                if (park) {
                    parkedNow.add(row.id());
                    LOG.errorf("Outbox row %d (topic %s, key %s) parked after %d attempts: %s",
                            row.id(), row.topic(), row.key(), attempts, failure);
                }
            }
        }
        if (!sent.isEmpty()) {
            new Sql("delete from outbox where id = any (?::bigint[])", sent).update(c);
        }
        sentCounter.increment(sent.size());
        int failed = rows.size() - sent.size();
        if (failed > 0) {
            failureCounter.increment(failed);
            LOG.warnf("Publishing %d of %d outbox rows failed (%s); they back off", failed, rows.size(), lastFailure);
        }
        if (sent.isEmpty() && failed > 0 && parkedNow.isEmpty()) {
            // nothing went through: the broker is likely away, so do not hammer it on every wake-up
            consecutiveFailures++;
            pausedUntilNanos = System.nanoTime() + backoff(consecutiveFailures).toNanos();
        } else {
            consecutiveFailures = 0;
        }
        return !sent.isEmpty() || !parkedNow.isEmpty();
    }

    private static ProducerRecord<String, String> record(Row row) {
        RecordHeaders headers = new RecordHeaders();
        if (row.headers() != null) {
            try {
                Map<String, String> map = JSON.readValue(row.headers(), new TypeReference<Map<String, String>>() { });
                map.forEach((k, v) -> headers.add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
            } catch (java.io.IOException e) {
                throw new SerializationException("unreadable headers of outbox row " + row.id(), e);
            }
        }
        return new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers);
    }

    /** Errors that retrying the same record cannot cure. */
    static boolean refusedForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof SerializationException || t instanceof InvalidRecordException) {
                return true;
            }
        }
        return false;
    }

    private static void markFailed(Connection c, long id, String error, Duration backoff, boolean park) throws SQLException {
        new Sql("update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond', "
                + "parked_at = case when ? then now() end where id = ?",
                error.substring(0, Math.min(error.length(), 2000)), backoff.toMillis(), park, id).update(c);
    }

    private Duration backoff(int attempts) {
        long millis = config.minBackoff().toMillis() << Math.min(Math.max(attempts - 1, 0), 16);
        return Duration.ofMillis(Math.min(millis, config.maxBackoff().toMillis()));
    }

    void measure() {
        try (Connection c = dataSource.getConnection()) {
            long[] counts = new Sql("select count(*) filter (where parked_at is null) as pending, "
                    + "count(*) filter (where parked_at is not null) as parked, "
                    + "coalesce(extract(epoch from (now() - min(created_at) filter (where parked_at is null))), 0) as oldest_age "
                    + "from outbox")
                    .one(c, rs -> new long[]{rs.getLong("pending"), rs.getLong("parked"), (long) rs.getDouble("oldest_age")});
            pending.set(counts[0]);
            parked.set(counts[1]);
            oldestAgeSeconds.set(counts[2]);
        } catch (Exception e) {
            LOG.debugf("Could not measure the outbox: %s", e.getMessage());
        }
    }
}
