package ru.civicpulse.classification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.testsupport.Tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ModelRegistryTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCsvThatLacksTheNamedColumnIsRefusedNamingIt() {
        given().auth().oauth2(Tokens.regionAdmin())
                .multiPart("file", TrainingData.csv(3).toFile(), "text/csv")
                .multiPart("textColumn", "message")
                .multiPart("labelColumn", "rubric")
                .when().post("/api/v1/models")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("labelColumn"))
                .body("detail", containsString("rubric"));
    }

    @Test
    void trainingActivationReclassificationAndRollback() throws Exception {
        String defaultVersion = activeVersion();
        // A message classified by the default model, published at a moment no other test uses.
        Instant publishedAt = Instant.parse("2025-03-03T03:03:03Z");
        MessageIngested m = Events.routedTo(Events.message("Сегодня кошка мурлычет и лапки, потом хвост", publishedAt),
                "МКУ «Городская служба»");
        Events.publish(m);
        MessageClassified before = await().atMost(WAIT).until(() -> Events.classified(m.messageId()), r -> r.size() == 1).get(0);
        assertThat(before.modelVersion()).isEqualTo(defaultVersion);
        assertThat(Taxonomy.isGroup(before.topic().group())).isTrue();

        String version = train(TrainingData.csv(20), false);
        try {
            Map<String, Object> listed = models().stream().filter(v -> version.equals(v.get("version"))).findFirst().orElseThrow();
            assertThat(listed.get("active")).isEqualTo(false);
            assertThat(given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/models").jsonPath()
                    .getList("find { it.version == '" + version + "' }.info.groups", String.class)).containsExactly("alpha", "beta");

            // activation changes results at once
            given().auth().oauth2(Tokens.regionAdmin()).post("/api/v1/models/" + version + "/activate")
                    .then().statusCode(200).body("version", equalTo(version));
            classify("Сегодня трактор пашет поле").then().statusCode(200)
                    .body("modelVersion", equalTo(version)).body("topic.group", equalTo("beta"));

            // re-classifying the period publishes a newer result for the stored message
            Map<String, Object> run = reclassify(publishedAt.minusSeconds(1), publishedAt.plusSeconds(1));
            assertThat(run).containsEntry("messages", 1).containsEntry("done", 1).containsEntry("reclassified", 1)
                    .containsEntry("unchanged", 0).containsEntry("modelVersion", version).containsEntry("progress", 1.0f);
            List<MessageClassified> results = await().atMost(WAIT).until(() -> Events.classified(m.messageId()), r -> r.size() == 2);
            assertThat(results.get(1).modelVersion()).isEqualTo(version);
            assertThat(results.get(1).topic().group()).isEqualTo("alpha");
            // the stored message is re-classified with everything it came with
            assertThat(results).extracting(MessageClassified::sourceExecutor).containsOnly("МКУ «Городская служба»");
            // again with the same model: nothing new to publish
            assertThat(reclassify(publishedAt.minusSeconds(1), publishedAt.plusSeconds(1)))
                    .containsEntry("reclassified", 0).containsEntry("unchanged", 1);

            // rollback = activating the earlier version
            given().auth().oauth2(Tokens.regionAdmin()).post("/api/v1/models/" + defaultVersion + "/activate").then().statusCode(200);
            classify("Сегодня трактор пашет поле").then().statusCode(200).body("modelVersion", equalTo(defaultVersion));
            assertThat(Taxonomy.isGroup(classify("Сегодня трактор пашет поле").jsonPath().getString("topic.group"))).isTrue();

            // an activation written by another replica reaches this one without a restart
            setActiveInDatabase(version);
            await().atMost(WAIT).untilAsserted(() -> classify("Сегодня трактор пашет поле").then().body("modelVersion", equalTo(version)));
        } finally {
            given().auth().oauth2(Tokens.regionAdmin()).post("/api/v1/models/" + defaultVersion + "/activate").then().statusCode(200);
        }
        assertThat(activeVersion()).isEqualTo(defaultVersion);
    }

    /** Starts a re-classification run and follows its Location until it has finished. */
    static Map<String, Object> reclassify(Instant from, Instant to) {
        Response accepted = given().auth().oauth2(Tokens.regionAdmin()).contentType(ContentType.JSON)
                .body(Map.of("from", from.toString(), "to", to.toString())).post("/api/v1/reclassify");
        accepted.then().statusCode(202).body("status", org.hamcrest.Matchers.oneOf("QUEUED", "RUNNING", "DONE"));
        String location = accepted.header("Location");
        Map<String, Object> run = await().atMost(WAIT).until(
                () -> given().auth().oauth2(Tokens.regionAdmin()).get(location).then().statusCode(200).extract().jsonPath().getMap(""),
                r -> !"QUEUED".equals(r.get("status")) && !"RUNNING".equals(r.get("status")));
        assertThat(run.get("status")).isEqualTo("DONE");
        return run;
    }

    @Test
    void reclassifyingAnEmptyPeriodFinishesWithNothingDone() {
        Map<String, Object> run = reclassify(Instant.parse("1990-01-01T00:00:00Z"), Instant.parse("1990-01-02T00:00:00Z"));
        assertThat(run).containsEntry("messages", 0).containsEntry("done", 0).containsEntry("reclassified", 0);
    }

    @Test
    void anUnknownRunIs404AndAnInvertedPeriod422() {
        given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/reclassify/jobs/" + java.util.UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.regionAdmin()).contentType(ContentType.JSON)
                .body(Map.of("from", "2026-01-02T00:00:00Z", "to", "2026-01-01T00:00:00Z")).post("/api/v1/reclassify")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void activatingAnUnknownVersionIs404() {
        given().auth().oauth2(Tokens.regionAdmin()).post("/api/v1/models/no-such-version/activate")
                .then().statusCode(404).contentType("application/problem+json");
    }

    static String train(java.nio.file.Path csv, boolean includeFeedback) {
        Response accepted = given().auth().oauth2(Tokens.regionAdmin())
                .multiPart("file", csv.toFile(), "text/csv")
                .multiPart("textColumn", "message")
                .multiPart("labelColumn", "category")
                .multiPart("includeFeedback", String.valueOf(includeFeedback))
                .when().post("/api/v1/models");
        accepted.then().statusCode(202);
        String location = accepted.header("Location");
        assertThat(location).contains("/api/v1/models/jobs/");
        Response done = await().atMost(WAIT).until(
                () -> given().auth().oauth2(Tokens.regionAdmin()).get(location),
                r -> List.of("DONE", "FAILED").contains(r.jsonPath().getString("status")));
        done.then().body("status", equalTo("DONE")).body("progress", equalTo(1.0f));
        return done.jsonPath().getString("modelVersion");
    }

    static List<Map<String, Object>> models() {
        return given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/models").then().statusCode(200).extract().jsonPath().getList("$");
    }

    static String activeVersion() {
        return models().stream().filter(m -> Boolean.TRUE.equals(m.get("active"))).map(m -> (String) m.get("version"))
                .findFirst().orElseThrow();
    }

    static Response classify(String text) {
        return given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON)
                .body(Map.of("text", text, "municipality", "voronezh")).post("/api/v1/classify");
    }

    private void setActiveInDatabase(String version) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement off = c.prepareStatement("update models set active = false where active");
                 PreparedStatement on = c.prepareStatement("update models set active = true where version = ?")) {
                off.executeUpdate();
                on.setString(1, version);
                on.executeUpdate();
            }
            c.commit();
        }
    }
}
