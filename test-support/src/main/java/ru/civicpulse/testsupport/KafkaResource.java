package ru.civicpulse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Quarkus test resource: a real Kafka broker ({@link KafkaBroker}) wired as {@code kafka.bootstrap.servers}. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers", KafkaBroker.bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Shared by all test classes of the JVM; stopped at JVM exit.
    }
}
