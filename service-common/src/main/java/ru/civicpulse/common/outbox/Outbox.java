package ru.civicpulse.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way a service publishes: rows written here in the caller's transaction, together with
 * the effect they announce, and published by {@link OutboxRelay} once that transaction committed.
 * Dead letters go the same way, so a record parked by a consumer is kept even when the batch's
 * offsets commit and the broker is away.
 */
@ApplicationScoped
public class Outbox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object WRITTEN = new Object();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    Event<OutboxWritten> written;

    /** A record to publish: {@code key} may be null (no ordering), {@code headers} may be empty. */
    public record Entry(String topic, String key, String payload, Map<String, String> headers) {
        public Entry(String topic, String key, String payload) {
            this(topic, key, payload, Map.of());
        }
    }

    public void add(String topic, String key, String payload) {
        addAll(List.of(new Entry(topic, key, payload)));
    }

    /** Adds rows to the current transaction in one batched statement; requires an active transaction. */
    public void addAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("Outbox rows are written in the transaction of the effect they announce");
        }
        Sql.Batch batch = Sql.batch("insert into outbox (topic, key, payload, headers) values (?, ?, ?, ?::jsonb)");
        for (Entry e : entries) {
            batch.add(e.topic(), e.key(), e.payload(), e.headers() == null || e.headers().isEmpty() ? null : json(e.headers()));
        }
        try (Connection c = dataSource.getConnection()) {
            batch.execute(c);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not write the outbox", e);
        }
        if (transactions.getResource(WRITTEN) == null) {
            transactions.putResource(WRITTEN, Boolean.TRUE);
            written.fire(new OutboxWritten()); // observed after the commit: wakes the relay
        }
    }

    /**
     * Parks {@code record} on {@code deadLetterTopic} through the outbox, with the headers
     * SmallRye's {@code dead-letter-queue} failure strategy writes, so both kinds of dead letters
     * on one topic read the same.
     */
    public void deadLetter(String deadLetterTopic, ConsumerRecord<String, String> record, Throwable reason) {
        addAll(List.of(new Entry(deadLetterTopic, record.key(), record.value() == null ? "" : record.value(),
                DeadLetterHeaders.of(record, reason))));
    }

    private static String json(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the outbox", e);
        }
    }

    /** Fired once per transaction that wrote outbox rows. */
    public record OutboxWritten() {
    }

    /** The header names SmallRye's {@code KafkaDeadLetterQueue} writes (taken from it). */
    public static final class DeadLetterHeaders {
        public static final String REASON = KafkaDeadLetterQueue.DEAD_LETTER_REASON;
        public static final String CAUSE = KafkaDeadLetterQueue.DEAD_LETTER_CAUSE;
        public static final String EXCEPTION_CLASS_NAME = KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME;
        public static final String CAUSE_CLASS_NAME = KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME;
        public static final String TOPIC = KafkaDeadLetterQueue.DEAD_LETTER_TOPIC;
        public static final String PARTITION = KafkaDeadLetterQueue.DEAD_LETTER_PARTITION;
        public static final String OFFSET = KafkaDeadLetterQueue.DEAD_LETTER_OFFSET;

        private DeadLetterHeaders() {
        }

        static Map<String, String> of(ConsumerRecord<String, String> record, Throwable reason) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(EXCEPTION_CLASS_NAME, reason.getClass().getName());
            headers.put(REASON, String.valueOf(reason.getMessage()));
            Throwable cause = reason.getCause();
            if (cause != null) {
                headers.put(CAUSE_CLASS_NAME, cause.getClass().getName());
                headers.put(CAUSE, String.valueOf(cause.getMessage()));
            }
            headers.put(TOPIC, record.topic());
            headers.put(PARTITION, Integer.toString(record.partition()));
            headers.put(OFFSET, Long.toString(record.offset()));
            return headers;
        }
    }
}
