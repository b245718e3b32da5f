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

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the ingested topic from the beginning with a plain consumer, as a downstream service
 * would, keeping the events of the messages a test cares about (matched by record key).
 */
public final class TopicProbe implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Set<String> wanted;
    private final List<MessageIngested> seen = new ArrayList<>();
    private List<TopicPartition> partitions = List.of();

    public TopicProbe(Collection<UUID> messageIds) {
        wanted = Set.copyOf(messageIds.stream().map(UUID::toString).toList());
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Events of the wanted messages published so far (everything up to the current end of the topic). */
    public List<MessageIngested> events() {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.MESSAGES_INGESTED, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        if (infos.size() != partitions.size()) {
            partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            seen.clear();
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!reached(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (wanted.contains(record.key())) {
                    seen.add(parse(record));
                }
            }
        }
        return List.copyOf(seen);
    }

    private static MessageIngested parse(ConsumerRecord<String, String> record) {
        try {
            MessageIngested event = EventJson.mapper().readValue(record.value(), MessageIngested.class);
            if (!record.key().equals(event.messageId().toString())) {
                throw new AssertionError("record key " + record.key() + " is not the messageId " + event.messageId());
            }
            return event;
        } catch (IOException e) {
            throw new AssertionError("unreadable event " + record.value(), e);
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
