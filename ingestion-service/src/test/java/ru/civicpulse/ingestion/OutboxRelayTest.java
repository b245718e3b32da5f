package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.civicpulse.common.outbox.OutboxRelay;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.testsupport.KafkaBroker;
import ru.civicpulse.testsupport.TestDatabase;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static ru.civicpulse.ingestion.Api.apiId;
import static ru.civicpulse.ingestion.Api.asIngestClient;
import static ru.civicpulse.ingestion.Api.message;
import static ru.civicpulse.ingestion.Api.unique;

@QuarkusTest
class OutboxRelayTest {

    @Test
    void intakeGoesOnWhileKafkaIsDownAndTheBacklogDrainsExactlyOnce() throws Exception {
        List<UUID> ids = new ArrayList<>();
        KafkaBroker.stop();
        try {
            for (int round = 0; round < 3; round++) {
                List<String> sourceIds = IntStream.range(0, 20).mapToObj(i -> unique("offline")).toList();
                String batch = "{\"messages\": [" + String.join(",",
                        sourceIds.stream().map(s -> message(s, "Нет света в подъезде")).toList()) + "]}";
                asIngestClient().contentType(ContentType.JSON).body(batch).post("/api/v1/messages")
                        .then().statusCode(202).body("accepted", equalTo(20));
                sourceIds.forEach(s -> ids.add(apiId(s)));
                String single = unique("offline-single");
                asIngestClient().contentType(ContentType.JSON).body(message(single, "Не убран снег")).post("/api/v1/messages")
                        .then().statusCode(202).body("accepted", equalTo(1));
                ids.add(apiId(single));
            }
            // nothing could be published while the broker was away, and the relay says so
            assertThat(TestDatabase.unsentOutboxRows()).isGreaterThanOrEqualTo(ids.size());
            TestDatabase.awaitCount("select count(*) from outbox where attempts > 0 and last_error is not null", n -> n > 0,
                    Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RestAssured.get("/q/metrics").asString())
                    .containsPattern("civicpulse_outbox_failures_total\\{service=\"ingestion-service\"} [1-9]"));
        } finally {
            KafkaBroker.start();
        }

        try (TopicProbe probe = new TopicProbe(ids)) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(probe.events()).hasSizeGreaterThanOrEqualTo(ids.size()));
            TestDatabase.awaitOutboxDrained(Duration.ofSeconds(120));
            Map<UUID, Long> perMessage = probe.events().stream()
                    .collect(Collectors.groupingBy(MessageIngested::messageId, Collectors.counting()));
            assertThat(perMessage.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(perMessage.values()).allMatch(count -> count == 1);
        }
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void readinessCoversDatabaseAndKafkaAndMetricsShowTheBacklog() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                RestAssured.get("/q/health/ready").then().statusCode(200)
                        .body("checks.name", org.hamcrest.Matchers.hasItems(
                                org.hamcrest.Matchers.containsString("Database"),
                                org.hamcrest.Matchers.containsString("Kafka"))));
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("civicpulse_outbox_pending{service=\"ingestion-service\"}"))
                .body(org.hamcrest.Matchers.containsString("civicpulse_outbox_parked{service=\"ingestion-service\"}"))
                .body(org.hamcrest.Matchers.containsString("civicpulse_outbox_sent_total{service=\"ingestion-service\"}"))
                .body(org.hamcrest.Matchers.containsString("civicpulse_outbox_oldest_age_seconds{service=\"ingestion-service\"}"))
                .body(org.hamcrest.Matchers.containsString("civicpulse_ingested_total{channel=\"api\",source=\"API\"}"));
        RestAssured.get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/api/v1/messages"))
                .body(org.hamcrest.Matchers.containsString("/api/v1/imports"))
                .body(org.hamcrest.Matchers.containsString("/webhooks/vk/{callbackId}"));
    }

    /**
     * An outbox is a queue: its statistics are those of another moment. With statistics of an empty
     * table and a backlog of 30,000 rows, the relay's next batch still reads the rows in id order and
     * stops at the batch instead of scanning and sorting the whole backlog.
     */
    @Test
    void theNextBatchReadsTheBatchNotTheBacklogWhateverTheStatisticsSay() throws Exception {
        JsonNode plan;
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            // a session's own copy shadows the relay's table: its columns and indexes, the statistics of an empty queue
            new Sql("create temp table outbox (like public.outbox including all) on commit drop").update(c);
            new Sql("analyze outbox").update(c);
            new Sql("insert into outbox (topic, key, payload) select 'backlog', 'k' || (g % 5000), 'x'"
                    + " from generate_series(1, 30000) g").update(c);
            new Sql(OutboxRelay.PLAN).one(c, rs -> 1);
            String json = new Sql("explain (analyze, format json) " + OutboxRelay.NEXT_BATCH, 500).one(c, rs -> rs.getString(1));
            c.rollback();
            plan = new ObjectMapper().readTree(json).get(0).get("Plan");
        }
        JsonNode scan = scanOf(plan, "o");
        assertThat(scan).as(plan.toPrettyString()).isNotNull();
        assertThat(scan.get("Node Type").asText()).isEqualTo("Index Scan");
        long examined = scan.get("Actual Rows").asLong() + scan.path("Rows Removed by Filter").asLong();
        assertThat(examined).as(plan.toPrettyString()).isBetween(500L, 1000L);
    }

    /** The plan node that scans the table under {@code alias}. */
    private static JsonNode scanOf(JsonNode node, String alias) {
        if (alias.equals(node.path("Alias").asText()) && node.has("Relation Name")) {
            return node;
        }
        for (JsonNode child : node.path("Plans")) {
            JsonNode found = scanOf(child, alias);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
