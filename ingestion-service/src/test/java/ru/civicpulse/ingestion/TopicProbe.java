package ru.civicpulse.ingestion;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.KafkaBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/** Reads the ingested topic from the beginning with a plain consumer, as any downstream service would. */
public final class TopicProbe implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<MessageIngested> seen = new ArrayList<>();

    public TopicProbe() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Reads everything published so far (up to the current end offsets) and returns all events seen. */
    public List<MessageIngested> readAll() {
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.MESSAGES_INGESTED, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            return List.copyOf(seen);
        }
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (!consumer.assignment().containsAll(tps)) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            seen.clear();
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!reached(end, tps) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                try {
                    MessageIngested event = EventJson.mapper().readValue(record.value(), MessageIngested.class);
                    if (!record.key().equals(event.messageId().toString())) {
                        throw new AssertionError("record key " + record.key() + " is not the messageId " + event.messageId());
                    }
                    seen.add(event);
                } catch (java.io.IOException e) {
                    throw new AssertionError("unreadable event " + record.value(), e);
                }
            }
        }
        return List.copyOf(seen);
    }

    /** Events (all revisions) of the given messages published so far. */
    public List<MessageIngested> eventsOf(Collection<UUID> messageIds) {
        Set<UUID> wanted = Set.copyOf(messageIds);
        return readAll().stream().filter(e -> wanted.contains(e.messageId())).toList();
    }

    private boolean reached(Map<TopicPartition, Long> end, List<TopicPartition> tps) {
        return tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
