package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.TestKafka;
import ru.civicpulse.testsupport.Tokens;
import ru.civicpulse.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;

/**
 * The relay of service-common's outbox, on ingestion's database and a real broker: order per
 * key, and a record the broker will never take parked instead of blocking what follows it.
 */
@QuarkusTest
class OutboxDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static void createTopic(String topic, int partitions, Map<String, String> configs) {
        TestKafka.companion().topics().create(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)));
    }

    @Test
    void rowsOfOneKeyArriveInTheOrderTheyWereWritten() throws Exception {
        String topic = "civic.test.outbox-order-" + UUID.randomUUID();
        createTopic(topic, 6, Map.of());
        List<String> keys = IntStream.range(0, 5).mapToObj(i -> "key-" + i + "-" + UUID.randomUUID()).toList();
        List<String[]> rows = new ArrayList<>();
        for (int seq = 0; seq < 40; seq++) {
            for (String key : keys) {
                rows.add(new String[] {key, Integer.toString(seq)});
            }
        }
        long started = System.nanoTime();
        insert(topic, rows);

        List<ConsumerRecord<String, String>> seen;
        try (ConsumerTask<String, String> consumer = TestKafka.follow(topic)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(consumer.getRecords()).hasSize(rows.size()));
            seen = consumer.getRecords();
        }
        System.out.printf("outbox relay: %d rows of %d keys published in %d ms%n", rows.size(), keys.size(),
                (System.nanoTime() - started) / 1_000_000);
        Map<String, List<Integer>> perKey = seen.stream().collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new,
                Collectors.mapping(r -> Integer.parseInt(r.value()), Collectors.toList())));
        List<Integer> expected = IntStream.range(0, 40).boxed().toList();
        assertThat(perKey.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        perKey.values().forEach(sequence -> assertThat(sequence).isEqualTo(expected));
        TestDatabase.awaitCount("select count(*) from outbox where topic = ?", n -> n == 0, WAIT, topic);
    }

    @Test
    void aRecordTheBrokerRefusesIsParkedAndTheRowsBehindItArePublished() throws Exception {
        String topic = "civic.test.outbox-poison-" + UUID.randomUUID();
        createTopic(topic, 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2048"));
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        String huge = "x".repeat(20_000);
        insert(topic, List.of(new String[] {a, "a1"}, new String[] {a, huge}, new String[] {a, "a3"},
                new String[] {b, "b1"}, new String[] {b, "b2"}));

        try (ConsumerTask<String, String> consumer = TestKafka.follow(topic)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(consumer.getRecords()).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("a1", "a3", "b1", "b2"));
            List<ConsumerRecord<String, String>> seen = consumer.getRecords();
            assertThat(seen.stream().filter(r -> r.key().equals(a)).map(ConsumerRecord::value)).containsExactly("a1", "a3");
            assertThat(seen.stream().filter(r -> r.key().equals(b)).map(ConsumerRecord::value)).containsExactly("b1", "b2");

            // the refused row is kept, parked after the configured attempts, and visible to an administrator
            List<Map<String, Object>> parked = RestAssured.given().auth().oauth2(Tokens.regionAdmin())
                    .get("/api/v1/admin/outbox/parked").then().statusCode(200).extract().jsonPath().getList("$");
            Map<String, Object> row = parked.stream().filter(r -> a.equals(r.get("key"))).findFirst().orElseThrow();
            assertThat(row.get("topic")).isEqualTo(topic);
            assertThat(row.get("payloadBytes")).isEqualTo(huge.length());
            assertThat(row.get("attempts")).isEqualTo(3);
            assertThat((String) row.get("lastError")).contains("RecordTooLargeException");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RestAssured.get("/q/metrics").asString())
                    .containsPattern("civicpulse_outbox_parked\\{service=\"ingestion-service\"} [1-9]"));
            RestAssured.given().auth().oauth2(Tokens.ingestClient()).get("/api/v1/admin/outbox/parked").then().statusCode(403);
            RestAssured.get("/api/v1/admin/outbox/parked").then().statusCode(401);
            RestAssured.given().auth().oauth2(Tokens.regionAdmin()).post("/api/v1/admin/outbox/parked/{id}/retry", Long.MAX_VALUE)
                    .then().statusCode(404).contentType("application/problem+json");

            // once the topic takes larger records, an administrator sends it again
            TestKafka.companion().getOrCreateAdminClient().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1000000"), AlterConfigOp.OpType.SET))))
                    .all().get();
            long id = ((Number) row.get("id")).longValue();
            RestAssured.given().auth().oauth2(Tokens.regionAdmin()).post("/api/v1/admin/outbox/parked/{id}/retry", id)
                    .then().statusCode(204);
            await().atMost(WAIT).untilAsserted(() -> assertThat(consumer.getRecords()).extracting(ConsumerRecord::value).contains(huge));
        }
        RestAssured.given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/admin/outbox/parked").then().statusCode(200)
                .body("findAll { it.key == '" + a + "' }", empty());
        assertThat(TestDatabase.count("select count(*) from outbox where topic = ?", topic)).isZero();
    }

    private static void insert(String topic, Collection<String[]> rows) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into outbox (topic, key, payload) values (?, ?, ?)")) {
                for (String[] row : rows) {
                    ps.setString(1, topic);
                    ps.setString(2, row[0]);
                    ps.setString(3, row[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
