package ru.civicpulse.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' one Kafka client: SmallRye's {@link KafkaCompanion} on the test broker, talking to it
 * as another service would (string keys and JSON values, acknowledged sends, reads from the start).
 */
public final class TestKafka {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    private static KafkaCompanion companion;
    private static String bootstrap;

    private TestKafka() {
    }

    /** The companion on the test broker (started if it is not running). */
    public static synchronized KafkaCompanion companion() {
        String servers = KafkaBroker.bootstrapServers();
        if (companion == null || !servers.equals(bootstrap)) {
            companion = new KafkaCompanion(servers, API_TIMEOUT);
            bootstrap = servers;
        }
        return companion;
    }

    /**
     * A companion of its own on another broker, whose producers, consumers and admin client all carry
     * {@code clientProperties} (a listener's security settings, say); the caller closes it.
     */
    public static KafkaCompanion companion(String bootstrapServers, Map<String, Object> clientProperties) {
        KafkaCompanion own = new KafkaCompanion(bootstrapServers, API_TIMEOUT);
        own.setCommonClientConfig(new HashMap<>(clientProperties));
        return own;
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, String value) {
        send(List.of(new ProducerRecord<>(topic, key, value)));
    }

    /** Sends the records in order (one producer, so records of one key keep their order) and waits for all acknowledgements. */
    public static void send(List<ProducerRecord<String, String>> records) {
        if (!records.isEmpty()) {
            companion().produceStrings().withProp("acks", "all").fromRecords(records).awaitCompletion(WAIT);
        }
    }

    /** Every record of the topic so far, from the beginning of each partition. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        long records = recordCount(topic);
        if (records == 0) {
            return List.of();
        }
        return companion().consumeStrings().fromTopics(topic, records).awaitCompletion(WAIT).getRecords();
    }

    /** How many records the topic holds now (0 if it does not exist). */
    public static long recordCount(String topic) {
        if (!companion().topics().list().contains(topic)) {
            return 0;
        }
        return recordCountAfter(offsets(topic, OffsetSpec.earliest()));
    }

    /** A consumer that reads the topic from the beginning in the background until it is stopped; its records grow as they arrive. */
    public static ConsumerTask<String, String> follow(String topic) {
        return companion().consumeStrings().fromTopics(topic);
    }

    /**
     * Per partition of {@code topic}, the offset of the first record written at or after {@code since}
     * (the partition's end where there is none yet).
     */
    public static Map<TopicPartition, Long> offsetsSince(String topic, java.time.Instant since) {
        Map<TopicPartition, Long> from = offsets(topic, OffsetSpec.forTimestamp(since.toEpochMilli()));
        Map<TopicPartition, Long> end = offsets(topic, OffsetSpec.latest());
        from.replaceAll((tp, offset) -> offset < 0 ? end.get(tp) : offset);
        return from;
    }

    /** A consumer that reads from these offsets in the background until it is stopped. */
    public static ConsumerTask<String, String> follow(Map<TopicPartition, Long> from) {
        return companion().consumeStrings().fromOffsets(from);
    }

    /** How many records lie between these offsets and the current end of their partitions. */
    public static long recordCountAfter(Map<TopicPartition, Long> from) {
        String topic = from.keySet().iterator().next().topic();
        long records = 0;
        for (Map.Entry<TopicPartition, Long> end : offsets(topic, OffsetSpec.latest()).entrySet()) {
            records += end.getValue() - from.getOrDefault(end.getKey(), 0L);
        }
        return records;
    }

    /** Waits until consumer group {@code group} has committed everything published on {@code topic} so far. */
    public static void awaitCommitted(String group, String topic) {
        Map<TopicPartition, Long> ends = offsets(topic, OffsetSpec.latest());
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = companion().consumerGroups().offsets(group);
            return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
        });
    }

    private static Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        companion().topics().describe(topic).get(topic).partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        companion().offsets().list(request).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
