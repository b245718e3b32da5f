package ru.civicpulse.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.tools.ChannelFeeder;
import ru.civicpulse.tools.DemoDataset;
import ru.civicpulse.tools.DemoMessage;
import ru.civicpulse.tools.Stack;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The system on a Kafka broker secured as in the cluster: SASL/SCRAM-SHA-512, one user per
 * service, the StandardAuthorizer and exactly the ACLs of each service's {@code KafkaUser} in
 * k8s/base/infra/kafka/users.yaml. Every service must publish and consume with its own identity
 * and nothing more; an ACL missing from the manifests, or a client that ignores the SASL settings,
 * shows here as data that never arrives.
 */
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSecurityIT {
    static final LocalDate DAY = LocalDate.now(DemoDataset.ZONE).minusDays(11);
    static final String FROM = DAY.toString();
    static final String TO = DAY.plusDays(1).toString();

    static SystemStack system;
    static Stack stack;

    @BeforeAll
    static void stack() {
        system = SystemStack.get();
        stack = system.stack;
    }

    @Test
    @Order(1)
    void classificationAndReportingConsumeAndPublishWithTheirOwnUsers() throws Exception {
        // Written as ingestion-service's Kafka user would: the manifest lets it write this topic.
        UUID messageId = UUID.randomUUID();
        Instant published = DAY.atTime(10, 0).toInstant(ZoneOffset.ofHours(3));
        MessageIngested event = new MessageIngested(UUID.randomUUID(), MessageIngested.TYPE, MessageIngested.VERSION,
                Instant.now(), messageId, 1, Source.INCIDENT_IMPORT, "SASL-" + messageId, null, null, MessageKind.APPEAL,
                null, null, "Во дворе дома на улице Ленина третий день не вывозят мусор, контейнеры переполнены.",
                published, published.plusSeconds(60), "voronezh", null, null, List.of(), null);
        try (KafkaProducer<String, String> producer = producer("ingestion-service")) {
            producer.send(new ProducerRecord<>(Topics.MESSAGES_INGESTED, messageId.toString(),
                    EventJson.mapper().writeValueAsString(event))).get();
        }
        // classification-service read it (group classification) and wrote it classified;
        // reporting-service read that (group reporting): the analyst finds it.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode page = stack.read(search("INCIDENT_IMPORT"));
            assertThat(page.path("items").findValuesAsText("messageId")).containsExactly(messageId.toString());
            assertThat(page.path("items").get(0).path("group").asText()).as("classified into a topic group").isNotBlank();
        });
    }

    @Test
    @Order(2)
    void aReportIsBuiltAndPublished() {
        HttpResponse<String> ordered = stack.postJson(stack.reporting + "/api/v1/reports", "analyst",
                Map.of("from", FROM, "to", TO, "municipality", "voronezh"));
        assertThat(ordered.statusCode()).as(ordered.body()).isEqualTo(202);
        String id = stack.read(ordered.body()).get("id").asText();
        String status = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.read(stack.get(stack.reporting + "/api/v1/reports/" + id, "analyst").body()).path("status").asText(),
                        s -> s.equals("DONE") || s.equals("FAILED"));
        assertThat(status).isEqualTo("DONE");

        Properties p = system.kafkaClient("admin");
        p.put("group.id", "system-test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.REPORTS_PUBLISHED));
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value().contains(id)) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    @Test
    @Order(3)
    void aServiceUserMayDoOnlyWhatItsManifestAllows() {
        // ingestion-service writes ingested only: not the classified topic reporting trusts.
        try (KafkaProducer<String, String> producer = producer("ingestion-service")) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.MESSAGES_CLASSIFIED, "k", "{}")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        // reporting-service reads classified only: not the raw ingested messages.
        Properties p = system.kafkaClient("reporting-service");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(Topics.MESSAGES_INGESTED, 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    /**
     * The whole path from the public API. Fails while ingestion's outbox relay builds its producer
     * without the SASL settings the service is given: the message is stored but never published.
     */
    @Test
    @Order(4)
    void aMessagePostedToIngestionIsVisibleInReporting() {
        TestData data = new TestData(DAY, "sasl");
        List<DemoMessage> messages = data.rest(3, Source.POS, MessageKind.APPEAL, "voronezh");
        ChannelFeeder.Sent sent = new ChannelFeeder(stack).rest(messages, 3);
        assertThat(sent.accepted()).isEqualTo(3);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(stack.read(search("POS")).path("total").asLong()).isEqualTo(3));
    }

    private static String search(String source) {
        HttpResponse<String> r = stack.get(stack.reporting + "/api/v1/messages?from=" + FROM + "&to=" + TO
                + "&source=" + source + "&size=100", "analyst");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static KafkaProducer<String, String> producer(String user) {
        Properties p = system.kafkaClient(user);
        p.put("acks", "all");
        p.put("max.block.ms", "15000");
        p.put("delivery.timeout.ms", "20000");
        p.put("request.timeout.ms", "10000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

}
