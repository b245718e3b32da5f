package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.Source;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static ru.civicpulse.ingestion.Api.apiId;
import static ru.civicpulse.ingestion.Api.asAnalyst;
import static ru.civicpulse.ingestion.Api.asIngestClient;
import static ru.civicpulse.ingestion.Api.unique;

/**
 * Malformed and hostile input to the REST intake and the webhooks is answered 400/422 (never
 * 500), error bodies name no Java type, path, exception text or SQL state, and nothing a
 * resident wrote reaches the log.
 */
@QuarkusTest
class HostileInputTest {
    /** What no error body may show. */
    static final List<String> LEAKS = List.of("java.", "jakarta.", "com.fasterxml", "jackson", "Exception", "/tmp", "SQL", "PSQL",
            "org.postgresql", "org.apache", "Source: (", "at [");

    static void assertNoLeak(Response response) {
        String body = response.asString();
        assertThat(LEAKS).allSatisfy(leak -> assertThat(body).as("error body %s", body).doesNotContainIgnoringCase(leak));
        assertThat(body.length()).isLessThan(16 * 1024);
    }

    static String item(String id, String publishedAt, String extra) {
        return """
                {"source": "API", "sourceMessageId": "%s", "kind": "APPEAL", "municipality": "voronezh",
                 "publishedAt": "%s", "text": "Яма у подъезда"%s}
                """.formatted(id, publishedAt, extra);
    }

    @Test
    void nulCharactersAreDroppedNotAServerErrorAndTheTextIsNotLogged() {
        String marker = "Секрет жителя " + UUID.randomUUID();
        String id = unique("nul");
        String body = """
                {"source": "API", "sourceMessageId": "%s\\u0000", "kind": "APPEAL", "municipality": "voronezh",
                 "publishedAt": "2026-03-01T09:30:00+03:00", "text": "Течёт крыша\\u0000 %s", "address": "ул. Ленина\\u0000, 1",
                 "authorId": "a\\u0000b", "attachments": [{"type": "photo\\u0000", "url": "https://example.org/\\u0000x.jpg"}]}
                """.formatted(id, marker);
        try (LogCapture logs = new LogCapture()) {
            asIngestClient().contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/messages")
                    .then().statusCode(202).body("accepted", equalTo(1));
            asIngestClient().contentType(ContentType.JSON).body("{\"messages\": [" + body.replace(id, id + "-b") + "]}")
                    .when().post("/api/v1/messages")
                    .then().statusCode(202).body("accepted", equalTo(1));
            assertThat(logs.all()).doesNotContain(marker);
        }
        asAnalyst().get("/api/v1/messages/" + apiId(id)).then().statusCode(200)
                .body("text", equalTo("Течёт крыша " + marker))
                .body("address", equalTo("ул. Ленина, 1"))
                .body("sourceMessageId", equalTo(id));
    }

    @Test
    void impossibleAndOutOfRangeDatesAre422OnTheField() {
        for (String date : List.of("0000-01-01T00:00:00Z", "0001-01-01T00:00:00+03:00", "9999-12-31T23:59:59-18:00",
                "+999999999-12-31T23:59:59Z", "2026-02-30T10:00:00+03:00", "1999-12-31T23:59:59Z", "2026-13-01T00:00:00Z",
                "2026-03-01T25:00:00+03:00", "2026-03-01T09:30:00+25:00")) {
            Response single = asIngestClient().contentType(ContentType.JSON).body(item(unique("date"), date, ""))
                    .when().post("/api/v1/messages");
            single.then().statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("publishedAt"));
            assertNoLeak(single);
            Response batch = asIngestClient().contentType(ContentType.JSON)
                    .body("{\"messages\": [" + item(unique("date"), date, "") + "]}")
                    .when().post("/api/v1/messages");
            batch.then().statusCode(422).body("errors.field", hasItem("messages[0].publishedAt"));
        }
    }

    @Test
    void wrongTypesAndDeepNestingAre400Or422WithoutLeaks() {
        String deepArray = "[".repeat(100_000);
        String deepObject = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        List<String> bodies = List.of(
                "", "null", "\"text\"", "42", "[1, 2]", "{\"messages\": \"x\"}", "{\"messages\": [1, \"a\", null, []]}",
                "{\"messages\": {\"a\": 1}}", deepArray, deepObject, "{\"messages\": [" + deepArray + "]}",
                item("t", "2026-03-01T09:30:00Z", ", \"geo\": \"here\""),
                item("t", "2026-03-01T09:30:00Z", ", \"geo\": {\"lat\": 1e400, \"lon\": 0}"),
                item("t", "2026-03-01T09:30:00Z", ", \"attachments\": {\"type\": \"photo\"}"),
                item("t", "2026-03-01T09:30:00Z", ", \"attachments\": [{\"type\": \"photo\", \"url\": {\"x\": 1}}]"),
                item("t", "2026-03-01T09:30:00Z", ", \"attachments\": [" + "{\"type\": \"photo\"},".repeat(20) + "{\"type\": \"photo\"}]"),
                item("t", "2026-03-01T09:30:00Z", ", \"address\": \"" + "д".repeat(2001) + "\""),
                item("t", "2026-03-01T09:30:00Z", ", \"url\": \"https://x.ru/" + "a".repeat(2001) + "\""),
                item("t", "2026-03-01T09:30:00Z", ", \"channelId\": {\"deep\": [[[[1]]]]}"),
                "{\"source\": [\"API\"], \"sourceMessageId\": 1.5e308, \"kind\": true, \"municipality\": {}, \"publishedAt\": 1, \"text\": []}",
                "{\"source\": \"API\", \"sourceMessageId\": \"\\u0000\", \"kind\": \"APPEAL\", \"municipality\": \"voronezh\\u0000\","
                        + " \"publishedAt\": \"2026-03-01T09:30:00Z\", \"text\": \"\\u0000\\u0000\"}",
                "{\"source\": \"API\", \"text\": \"\\ud800\\udc00\\ud800\"}",
                "{\"a\": 1, \"a\": 2}");
        for (String body : bodies) {
            Response r = asIngestClient().contentType(ContentType.JSON).body(body).when().post("/api/v1/messages");
            assertThat(r.statusCode()).as("status for %s…", body.substring(0, Math.min(60, body.length()))).isIn(400, 422);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertNoLeak(r);
        }
    }

    @Test
    void vkWebhookDropsNulRefusesAbsurdValuesAndPseudonymisesDirectMessages() {
        String marker = "Секрет " + UUID.randomUUID();
        long post = VkWebhookTest.nextId();
        try (LogCapture logs = new LogCapture()) {
            VkWebhookTest.send(VkWebhookTest.event("wall_post_new",
                    VkWebhookTest.wallPost(post, 5550001, "post", "Не убран снег\\u0000 " + marker + " [id5550009|Иван Петров]"),
                    "test-vk-secret")).statusCode(200);
            assertThat(logs.all()).doesNotContain(marker);
        }
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.VK, "wall-1000001_" + post)).then().statusCode(200)
                .body("text", equalTo("Не убран снег " + marker + " [упоминание скрыто]"));

        Response future = VkWebhookTest.send(VkWebhookTest.event("wall_post_new",
                VkWebhookTest.wallPost(VkWebhookTest.nextId(), 5550001, "post", "Текст").replace("1767261600", "99999999999999"),
                "test-vk-secret")).statusCode(422).extract().response();
        assertNoLeak(future);
        Response longId = RestAssured.given().contentType(ContentType.JSON)
                .body(VkWebhookTest.event("wall_post_new", VkWebhookTest.wallPost(VkWebhookTest.nextId(), 5550001, "post", "Текст"),
                        "test-vk-secret").replaceFirst("\"event_id\": \"[0-9a-f]+\"", "\"event_id\": \"" + "e".repeat(500) + "\""))
                .post("/webhooks/vk/demo").then().statusCode(422).extract().response();
        assertNoLeak(longId);
        for (String body : List.of("[".repeat(100_000), "{\"type\": 5}", "{\"type\": \"wall_post_new\", \"secret\": \"test-vk-secret\", "
                + "\"object\": [1, 2]}", "{\"type\": \"wall_post_new\", \"secret\": \"test-vk-secret\", \"object\": {\"text\": \"x\", "
                + "\"owner_id\": \"abc\", \"id\": {\"a\": 1}, \"date\": \"вчера\", \"attachments\": \"photo\", \"geo\": 5}}")) {
            Response r = RestAssured.given().contentType(ContentType.JSON).body(body).post("/webhooks/vk/demo");
            assertThat(r.statusCode()).as("status for %s…", body.substring(0, Math.min(60, body.length()))).isIn(200, 400, 422);
            assertNoLeak(r);
        }

        long peer = 5550077;
        long local = VkWebhookTest.nextId();
        String dm = """
                {"message": {"id": 0, "date": 1767265200, "peer_id": %d, "from_id": %d, "text": "Когда включат воду? Пишите ivan@mail.ru",
                 "conversation_message_id": %d}}
                """.formatted(peer, peer, local);
        VkWebhookTest.send(VkWebhookTest.event("message_new", dm, "test-vk-secret")).statusCode(200);
        String sourceId = "im" + PersonalDataIds.vkPeer(peer) + "_" + local;
        String stored = asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.VK, sourceId)).then().statusCode(200)
                .body("kind", equalTo("DIRECT_MESSAGE")).extract().asString();
        assertThat(stored).doesNotContain(String.valueOf(peer)).doesNotContain("ivan@mail.ru");
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.VK, "im" + peer + "_" + local)).then().statusCode(404);
    }

    @Test
    void telegramWebhookRefusesNonNumericUpdateIdsAndAbsurdDates() {
        String header = "X-Telegram-Bot-Api-Secret-Token";
        for (String body : List.of("{\"update_id\": \"abc\"}", "{\"update_id\": {\"a\": 1}}", "[".repeat(100_000), "null", "\"x\"")) {
            Response r = RestAssured.given().contentType(ContentType.JSON).header(header, "test-telegram-secret").body(body)
                    .post("/webhooks/telegram/demo");
            assertThat(r.statusCode()).isEqualTo(400);
            assertNoLeak(r);
        }
        long update = VkWebhookTest.nextId();
        Response r = RestAssured.given().contentType(ContentType.JSON).header(header, "test-telegram-secret").body("""
                        {"update_id": %d, "channel_post": {"message_id": 1, "date": -99999999999999, "text": "Текст\\u0000",
                          "chat": {"id": -1001234567890, "type": "channel", "username": "vrn_online"}}}
                        """.formatted(update))
                .post("/webhooks/telegram/demo");
        assertThat(r.statusCode()).isEqualTo(422);
        assertNoLeak(r);
    }
}
