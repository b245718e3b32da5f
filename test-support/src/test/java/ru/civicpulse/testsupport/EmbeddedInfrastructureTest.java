package ru.civicpulse.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedInfrastructureTest {
    @Test
    void postgresIsRealVersion17OnLoopback() throws Exception {
        String url = EmbeddedPostgres.database("selftest");
        assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/selftest");
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("show server_version_num")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(170000);
        }
        // asking again reuses the database instead of failing
        assertThat(EmbeddedPostgres.database("selftest")).isEqualTo(url);
    }

    @Test
    void kafkaKeepsItsDataAcrossAStopAndStart() {
        String topic = "selftest-" + UUID.randomUUID();
        String bootstrap = KafkaBroker.bootstrapServers();
        assertThat(bootstrap).startsWith("127.0.0.1:");
        send(bootstrap, topic, "before-stop");

        KafkaBroker.stop();
        assertThat(KafkaBroker.isRunning()).isFalse();
        KafkaBroker.start();
        assertThat(KafkaBroker.bootstrapServers()).isEqualTo(bootstrap);

        send(bootstrap, topic, "after-start");
        assertThat(readAll(bootstrap, topic, 2)).containsExactly("before-stop", "after-start");
    }

    private static void send(String bootstrap, String topic, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "k", value)).get();
        } catch (Exception e) {
            throw new AssertionError("send failed", e);
        }
    }

    private static List<String> readAll(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "selftest-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
