package ru.civicpulse.reporting.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.KafkaBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Talks to the test broker as the other services would: plain Kafka clients, wire JSON. */
public final class Broker {
    private static KafkaProducer<String, String> producer;

    private Broker() {
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    /** Publishes classified events in order (same key, same partition) and waits for the broker's acks. */
    public static void publish(Collection<MessageClassified> events) {
        for (MessageClassified e : events) {
            publishRaw(e.messageId().toString(), json(e));
        }
        producer().flush();
    }

    public static void publish(MessageClassified... events) {
        publish(List.of(events));
    }

    public static void publishRaw(String key, String value) {
        try {
            producer().send(new ProducerRecord<>(Topics.MESSAGES_CLASSIFIED, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the service's consumer group has committed everything published on the classified
     * topic so far, i.e. the read model has seen every event.
     */
    public static void awaitConsumed() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("reporting").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(Topics.MESSAGES_CLASSIFIED)).allTopicNames().get()
                        .get(Topics.MESSAGES_CLASSIFIED).partitions()
                        .forEach(pi -> latest.put(new TopicPartition(Topics.MESSAGES_CLASSIFIED, pi.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
            });
        }
    }

    /** A consumer reading {@code topic} from the beginning, in its own group. */
    public static KafkaConsumer<String, String> reader(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    public static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        return out;
    }
}
