package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.testsupport.TestDatabase;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static ru.civicpulse.ingestion.Api.apiId;
import static ru.civicpulse.ingestion.Api.asAnalyst;
import static ru.civicpulse.ingestion.Api.asIngestClient;
import static ru.civicpulse.ingestion.Api.message;
import static ru.civicpulse.ingestion.Api.unique;

@QuarkusTest
class MessagesResourceTest {

    @Test
    void acceptsOneMessageMasksPersonalDataAndPublishesItOnce() {
        String id = unique("one");
        String text = "Не вывозят мусор во дворе, звоните +7 (903) 123-45-67 или 8 903 765 43 21, пишите ivan.petrov@mail.ru";
        asIngestClient().contentType(ContentType.JSON).body(message(id, text))
                .when().post("/api/v1/messages")
                .then().statusCode(202)
                .body("accepted", equalTo(1))
                .body("results[0].status", equalTo("accepted"))
                .body("results[0].messageId", equalTo(apiId(id).toString()));

        asAnalyst().when().get("/api/v1/messages/" + apiId(id))
                .then().statusCode(200)
                .body("text", not(containsString("123-45-67")))
                .body("text", not(containsString("765 43 21")))
                .body("text", not(containsString("ivan.petrov")))
                .body("text", containsString("[телефон скрыт]"))
                .body("text", containsString("[e-mail скрыт]"))
                .body("authorRef", not(containsString("resident-42")))
                .body("revision", equalTo(1))
                // one flat object: the id, what was delivered, the revision and when it was received
                .body("messageId", equalTo(apiId(id).toString()))
                .body("municipality", equalTo("voronezh"))
                .body("receivedAt", notNullValue())
                .body("$", not(hasKey("delivered")));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.StoredMessage.properties", hasKey("text"))
                .body("components.schemas.StoredMessage.properties", hasKey("messageId"))
                .body("components.schemas.StoredMessage.properties", not(hasKey("delivered")));

        try (TopicProbe probe = new TopicProbe(List.of(apiId(id)))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events()).hasSize(1));
            MessageIngested event = probe.events().get(0);
            assertThat(event.text()).startsWith("Не вывозят мусор").doesNotContain("903").doesNotContain("@mail.ru");
            assertThat(event.authorRef()).isNotBlank().doesNotContain("resident-42");
            assertThat(event.kind()).isEqualTo(MessageKind.APPEAL);
            assertThat(event.municipality()).isEqualTo("voronezh");
            assertThat(event.revision()).isEqualTo(1);
        }
    }

    @Test
    void theSameMessageAgainIsADuplicateWithTheSameId() {
        String id = unique("again");
        asIngestClient().contentType(ContentType.JSON).body(message(id, "Яма на дороге")).post("/api/v1/messages")
                .then().statusCode(202).body("results[0].status", equalTo("accepted"));
        asIngestClient().contentType(ContentType.JSON).body(message(id, "Яма на дороге"))
                .when().post("/api/v1/messages")
                .then().statusCode(202)
                .body("accepted", equalTo(0))
                .body("duplicates", equalTo(1))
                .body("results[0].status", equalTo("duplicate"))
                .body("results[0].messageId", equalTo(apiId(id).toString()));
    }

    @Test
    void aBatchAcceptsItsValidItemsAndRejectsTheRestWithFieldErrors() {
        String a = unique("batch-a");
        String b = unique("batch-b");
        String body = """
                {"messages": [%s,
                  {"source": "API", "sourceMessageId": "x", "kind": "SHOUT", "municipality": "atlantis", "text": ""},
                  %s, %s]}
                """.formatted(message(a, "Не горит фонарь"), message(b, "Сломана лавочка"), message(a, "Не горит фонарь"));
        asIngestClient().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/messages")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(1))
                .body("rejected", equalTo(1))
                .body("results.status", equalTo(List.of("accepted", "rejected", "accepted", "duplicate")))
                .body("results[1].errors.field", hasItem("kind"))
                .body("results[1].errors.field", hasItem("municipality"))
                .body("results[1].errors.field", hasItem("publishedAt"))
                .body("results[1].errors.field", hasItem("text"))
                .body("results[3].messageId", equalTo(apiId(a).toString()));
    }

    @Test
    void inReplyToIsTheParentsSourceIdTurnedIntoItsMessageId() {
        String parent = unique("parent");
        String reply = unique("reply");
        String body = """
                {"source": "API", "sourceMessageId": "%s", "kind": "OFFICIAL_REPLY", "municipality": "voronezh",
                 "publishedAt": "2026-03-02T10:00:00Z", "text": "Заявка передана в управляющую компанию", "inReplyTo": "%s",
                 "geo": {"lat": 51.66, "lon": 39.2}, "address": "ул. Плехановская, 10"}
                """.formatted(reply, parent);
        Api.asClient("administration").contentType(ContentType.JSON).body(body).post("/api/v1/messages").then().statusCode(202);
        asAnalyst().get("/api/v1/messages/" + apiId(reply)).then().statusCode(200)
                .body("inReplyTo", equalTo(apiId(parent).toString()))
                .body("kind", equalTo("OFFICIAL_REPLY"))
                .body("geo.lat", equalTo(51.66f))
                .body("address", equalTo("ул. Плехановская, 10"));
    }

    @Test
    void unreadableBodyIs400ProblemJson() {
        asIngestClient().contentType(ContentType.JSON).body("{\"messages\": [ {\"source\": ")
                .when().post("/api/v1/messages")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        asIngestClient().contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/api/v1/messages")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void noValidItemIs422WithFieldErrors() {
        asIngestClient().contentType(ContentType.JSON).body("{\"source\": \"API\", \"text\": \"без полей\"}")
                .when().post("/api/v1/messages")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("sourceMessageId"))
                .body("errors.field", hasItem("municipality"));
        asIngestClient().contentType(ContentType.JSON).body("{\"messages\": []}")
                .when().post("/api/v1/messages")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void oversizedTextOrBatchIs413() {
        asIngestClient().contentType(ContentType.JSON).body(message(unique("long"), "а".repeat(10_001)))
                .when().post("/api/v1/messages")
                .then().statusCode(413).contentType("application/problem+json");
        String items = String.join(",", IntStream.range(0, 1001).mapToObj(i -> message("many-" + i, "текст")).toList());
        asIngestClient().contentType(ContentType.JSON).body("{\"messages\": [" + items + "]}")
                .when().post("/api/v1/messages")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void unknownMessageIs404() {
        asAnalyst().get("/api/v1/messages/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        asAnalyst().get("/api/v1/messages/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void twentyConcurrentCopiesAreStoredOnceAndPublishedOnce() throws Exception {
        String id = unique("race");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = IntStream.range(0, 20).mapToObj(i -> pool.submit(() ->
                    asIngestClient().contentType(ContentType.JSON).body(message(id, "Прорвало трубу на Ленина"))
                            .post("/api/v1/messages").then().statusCode(202)
                            .extract().path("results[0].status").toString())).toList();
            List<String> statuses = new java.util.ArrayList<>();
            for (Future<String> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnlyOnce("accepted").filteredOn("duplicate"::equals).hasSize(19);
        } finally {
            pool.shutdownNow();
        }
        try (TopicProbe probe = new TopicProbe(List.of(apiId(id)))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events()).hasSize(1));
            TestDatabase.awaitOutboxDrained(Duration.ofSeconds(90));
            assertThat(probe.events()).hasSize(1);
        }
        assertThat(TestDatabase.count("select count(*) from messages where source = 'API' and source_message_id = ?", id)).isEqualTo(1);
    }
}
