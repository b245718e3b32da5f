package ru.civicpulse.common.outbox;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds Kafka clients from the same {@code kafka.*} configuration the SmallRye channels use
 * (bootstrap servers, {@code security.protocol}, {@code sasl.*}, {@code ssl.*}), which Quarkus
 * exposes as the {@code default-kafka-broker} map. A client built elsewhere from the bootstrap
 * address alone would ignore the cluster's credentials.
 */
@ApplicationScoped
public class KafkaClients {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> defaultBroker;

    /** The channels' producer settings (only the keys a producer knows), then {@code overrides}. */
    public Map<String, Object> producerConfig(Map<String, Object> overrides) {
        return known(ProducerConfig.configNames(), overrides);
    }

    /** The channels' consumer settings (only the keys a consumer knows), then {@code overrides}. */
    public Map<String, Object> consumerConfig(Map<String, Object> overrides) {
        return known(ConsumerConfig.configNames(), overrides);
    }

    private Map<String, Object> known(Set<String> names, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        defaultBroker.forEach((key, value) -> {
            if (names.contains(key) && value != null) {
                config.put(key, value);
            }
        });
        config.putAll(overrides);
        return config;
    }

    /** The channels' producer settings with String keys and values, then {@code overrides}. */
    public Map<String, Object> stringProducerConfig(Map<String, Object> overrides) {
        Map<String, Object> withSerializers = new HashMap<>();
        withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        withSerializers.putAll(overrides);
        return producerConfig(withSerializers);
    }

    public KafkaProducer<String, String> stringProducer(Map<String, Object> overrides) {
        return new KafkaProducer<>(stringProducerConfig(overrides));
    }

    /**
     * A consumer of String keys and values with the channels' settings, then {@code overrides}. It
     * has no group id unless {@code overrides} give one: such a consumer is meant for {@code assign()},
     * commits nothing and needs no group ACL.
     */
    public KafkaConsumer<String, String> stringConsumer(Map<String, Object> overrides) {
        Map<String, Object> withDeserializers = new HashMap<>();
        withDeserializers.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        withDeserializers.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        withDeserializers.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        withDeserializers.putAll(overrides);
        Map<String, Object> config = consumerConfig(withDeserializers);
        if (!overrides.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        return new KafkaConsumer<>(config);
    }
}
