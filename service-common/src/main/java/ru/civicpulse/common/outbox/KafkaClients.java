package ru.civicpulse.common.outbox;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
        Set<String> known = ProducerConfig.configNames();
        Map<String, Object> config = new HashMap<>();
        defaultBroker.forEach((key, value) -> {
            if (known.contains(key) && value != null) {
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
}
