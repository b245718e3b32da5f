package ru.civicpulse.reporting.readmodel;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import ru.civicpulse.common.outbox.KafkaClients;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Topics;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Rebuilds the read model from {@code civic.messages.classified.v1}: captures the topic's end
 * offsets, empties the tables derived from classified events in one transaction, then reads the
 * topic from its beginning up to those offsets and writes each poll's fact rows through
 * {@link ReadModelRepository#apply} as {@link ClassifiedConsumer} does, but without summing rollups:
 * one transaction per batch, written while the next batch is read. At the end it writes every
 * rollup once from the fact rows ({@link RollupsFromFacts}). The live consumer keeps running: what
 * it applies meanwhile and what the rebuild applies again are the same revisions, and applying is
 * idempotent per revision (an event not newer than the stored one is stale and changes nothing);
 * the rollup deltas it adds meanwhile are replaced by the final rollups, which count its fact rows too.
 */
@ApplicationScoped
public class ReadModelRebuilder {
    private static final Logger LOG = Logger.getLogger(ReadModelRebuilder.class);
    /** Records per batch, as the live channel's max.poll.records. */
    static final int BATCH = 1000;
    private static final Duration POLL = Duration.ofSeconds(1);

    /**
     * The tables written only from classified events (ReadModelRepository and its writers), so the
     * topic gives them back whole:
     * messages (V1, the fact rows: one per message, its newest revision),
     * source_executors (V103, the executor the event named, per fact row),
     * rollup_daily (V1) and rollup_periods (V2: message counts summed from the fact rows),
     * authors, author_daily and author_sets (V2: the distinct authors of the counted messages; author ids
     * mean nothing outside these tables),
     * response_daily and response_monthly (V3: reply waits and open messages rebuilt from the fact rows),
     * model_rollup (V4: model versions, review flags and confidence summed from the fact rows).
     * message_routes (V102) references messages, so it must be emptied with them; its routes were chosen
     * when each message arrived and are kept aside, then restored per batch.
     * Not touched: incidents' workflow (V5), executors and routing rules, incident routes (V102),
     * reports and briefs (V100, V104), the outbox (V101), external statistics (V1: uploaded, not derived).
     */
    static final String TRUNCATE = "truncate messages, source_executors, message_routes, rollup_daily, rollup_periods,"
            + " authors, author_daily, author_sets, response_daily, response_monthly, model_rollup restart identity";

    /** The tables of {@link #TRUNCATE} in the order the live consumer writes them (see ReadModelRepository). */
    static final String LOCK = "lock table messages, source_executors, rollup_daily, rollup_periods, model_rollup, authors,"
            + " author_daily, author_sets, response_daily, response_monthly, message_routes in access exclusive mode";

    @Inject
    ReadModelRepository repository;

    @Inject
    RebuildRepository jobs;

    @Inject
    KafkaClients kafka;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ManagedExecutor executor;

    private final Counter unreadableRecords;

    @Inject
    public ReadModelRebuilder(MeterRegistry registry) {
        unreadableRecords = registry.counter("civicpulse.reporting.rebuild.unreadable");
    }

    /** Starts a rebuild in the background and returns its id; empty when one is already queued or running. */
    public Optional<UUID> start(String requestedBy) {
        Optional<UUID> id = jobs.create(requestedBy);
        id.ifPresent(job -> executor.runAsync(() -> run(job)));
        return id;
    }

    void run(UUID id) {
        try (KafkaConsumer<String, String> consumer = kafka.stringConsumer(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "reporting-read-model-rebuild-" + id,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MESSAGES_CLASSIFIED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            // records deleted by the topic's retention are not in it any more: the rebuild would lose their messages
            List<TopicPartition> trimmed = partitions.stream().filter(p -> start.get(p) > 0).toList();
            if (!trimmed.isEmpty()) {
                throw new IllegalStateException("the topic no longer starts at offset 0 in " + trimmed
                        + " (retention deleted its oldest events), so a rebuild would lose them; the read model is left as it was");
            }
            long endTotal = sum(end);
            jobs.started(id, sum(start), endTotal);
            LOG.infof("Read-model rebuild %s started: %d partitions, end offsets' total %d", id, partitions.size(), endTotal);

            QuarkusTransaction.requiringNew().run(() -> Sql.onConnection(dataSource, "Could not empty the read model", c -> {
                // the live consumer's lock order, so that the two wait for each other instead of deadlocking
                new Sql(LOCK).update(c);
                new Sql("insert into read_model_rebuild_routes select message_id, executor_id, rule_id, routed_at"
                        + " from message_routes on conflict (message_id) do nothing").update(c);
                return new Sql(TRUNCATE).update(c);
            }));

            consumer.seekToBeginning(partitions);
            long read = 0;
            long applied = 0;
            long unreadable = 0;
            // a batch is written while the next one is read and parsed; progress counts what is written
            CompletableFuture<Integer> writing = CompletableFuture.completedFuture(0);
            long[] inWrite = {0, 0, 0}; // position, read, unreadable up to the batch being written
            while (!reached(consumer, partitions, end)) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                List<MessageClassified> events = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> record : records) {
                    // past the captured end: the live consumer applies it
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    read++;
                    try {
                        events.add(ClassifiedConsumer.read(record.value()));
                    } catch (Exception e) {
                        // dead-lettered when the live consumer first read it
                        unreadable++;
                        unreadableRecords.increment();
                    }
                }
                applied += written(writing);
                jobs.progress(id, inWrite[0], inWrite[1], applied, inWrite[2]);
                writing = events.isEmpty() ? CompletableFuture.completedFuture(0)
                        : executor.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> applyBatch(events)));
                inWrite = new long[]{positions(consumer, partitions, end), read, unreadable};
            }
            applied += written(writing);
            jobs.progress(id, inWrite[0], inWrite[1], applied, inWrite[2]);
            QuarkusTransaction.requiringNew().run(() -> Sql.onConnection(dataSource, "Could not write the rollups", c -> {
                new Sql(LOCK).update(c);
                RollupsFromFacts.recompute(c);
                return new Sql("delete from read_model_rebuild_routes").update(c);
            }));
            jobs.finished(id);
            LOG.infof("Read-model rebuild %s done: %d events read, %d applied, %d unreadable skipped", id, read, applied, unreadable);
        } catch (RuntimeException | Error e) {
            LOG.warnf(e, "Read-model rebuild %s failed", id);
            jobs.failed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** One batch's fact rows as the live consumer writes them (no derived table), then its messages' kept routes. */
    private int applyBatch(List<MessageClassified> events) throws SQLException {
        ReadModelRepository.Outcome outcome = repository.apply(events, repository.factsOnlyBatch());
        TreeSet<UUID> ids = new TreeSet<>(ReadModelRepository.ID_ORDER);
        events.forEach(e -> ids.add(e.messageId()));
        Sql.onConnection(dataSource, "Could not restore routes", c -> {
            // a route the live consumer wrote meanwhile is newer than the one kept aside
            new Sql("""
                    insert into message_routes (message_id, executor_id, rule_id, routed_at)
                    select k.message_id, k.executor_id, k.rule_id, k.routed_at
                    from read_model_rebuild_routes k join messages m using (message_id)
                    where k.message_id = any(?::uuid[]) order by k.message_id
                    on conflict (message_id) do nothing""", ids).update(c);
            return new Sql("delete from read_model_rebuild_routes where message_id = any(?::uuid[])"
                    + " and message_id in (select message_id from messages)", ids).update(c);
        });
        return outcome.applied();
    }

    /** What a batch's write applied, once it is done; its failure is the rebuild's. */
    private static int written(CompletableFuture<Integer> writing) {
        try {
            return writing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
                                   Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    private static long positions(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
                                  Map<TopicPartition, Long> end) {
        return partitions.stream().mapToLong(p -> Math.min(consumer.position(p), end.get(p))).sum();
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
