package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.testsupport.TestDatabase;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static ru.civicpulse.ingestion.Api.asAnalyst;

@QuarkusTest
class VkWebhookTest {
    private static final String SECRET = "test-vk-secret";
    private static final long GROUP = 1000001;
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    static long nextId() {
        return IDS.incrementAndGet();
    }

    static String event(String type, String object, String secret) {
        return """
                {"type": "%s", "event_id": "%s", "v": "5.199", "group_id": %d, "secret": "%s", "object": %s}
                """.formatted(type, UUID.randomUUID().toString().replace("-", ""), GROUP, secret, object);
    }

    static io.restassured.response.ValidatableResponse send(String body) {
        return RestAssured.given().contentType(ContentType.JSON).body(body).post("/webhooks/vk/demo").then();
    }

    static UUID vkId(String sourceMessageId) {
        return MessageIds.of(Source.VK, sourceMessageId);
    }

    static String wallPost(long postId, long fromId, String postType, String text) {
        return """
                {"id": %d, "owner_id": -%d, "from_id": %d, "created_by": 0, "date": 1767261600, "text": "%s",
                 "post_type": "%s", "marked_as_ads": 0, "comments": {"count": 0},
                 "attachments": [{"type": "photo", "photo": {"id": 457239017, "owner_id": %d,
                   "sizes": [{"type": "s", "url": "https://sun9-1.userapi.com/s.jpg", "width": 75, "height": 56},
                             {"type": "x", "url": "https://sun9-1.userapi.com/x.jpg", "width": 604, "height": 453}]}}]}
                """.formatted(postId, GROUP, fromId, text, postType, fromId);
    }

    static String wallReply(long id, long postId, long fromId, Long replyToComment, String text) {
        return """
                {"id": %d, "from_id": %d, "date": 1767265200, "text": "%s", "post_id": %d, "owner_id": -%d,
                 "post_owner_id": -%d, "parents_stack": []%s}
                """.formatted(id, fromId, text, postId, GROUP, GROUP,
                replyToComment == null ? "" : ", \"reply_to_comment\": " + replyToComment + ", \"reply_to_user\": 5550001");
    }

    @Test
    void confirmationHandshakeAnswersTheConfiguredString() {
        RestAssured.given().contentType(ContentType.JSON).body("{\"type\": \"confirmation\", \"group_id\": " + GROUP + "}")
                .post("/webhooks/vk/demo")
                .then().statusCode(200).body(equalTo("confirm-demo"));
        send("{\"type\": \"confirmation\", \"group_id\": " + GROUP + ", \"secret\": \"" + SECRET + "\"}")
                .statusCode(200).body(equalTo("confirm-demo"));
    }

    @Test
    void wrongSecretOrUnknownCallbackIs403WithTheSameAnswerWhateverWasWrong() {
        long post = nextId();
        send(event("wall_post_new", wallPost(post, 5550001, "post", "Тест"), "not-the-secret"))
                .statusCode(403).body("detail", equalTo("The delivery is not accepted."));
        send("{\"type\": \"wall_post_new\", \"event_id\": \"x\", \"group_id\": 1, \"object\": {}}")
                .statusCode(403).body("detail", equalTo("The delivery is not accepted."));
        send("{\"type\": \"confirmation\", \"group_id\": 1, \"secret\": \"nope\"}").statusCode(403).body("detail", equalTo("The delivery is not accepted."));
        RestAssured.given().contentType(ContentType.JSON).body(event("wall_post_new", wallPost(post, 5550001, "post", "Тест"), SECRET))
                .post("/webhooks/vk/unknown").then().statusCode(403).body("detail", equalTo("The delivery is not accepted."));
        asAnalyst().get("/api/v1/messages/" + vkId("wall-" + GROUP + "_" + post)).then().statusCode(404);
    }

    @Test
    void unreadableEventIs400() {
        send("{not json").statusCode(400).contentType("application/problem+json");
    }

    @Test
    void suggestedPostCommentReplyAndOfficialAnswerMapToLinkedMessages() {
        long post = nextId();
        long comment = nextId();
        long answer = nextId();
        String postSid = "wall-" + GROUP + "_" + post;
        String commentSid = postSid + "_comment" + comment;
        String answerSid = postSid + "_comment" + answer;

        send(event("wall_post_new", wallPost(post, 5550001, "suggest", "Во дворе на Кольцовской 35 третий день не вывозят мусор, тел 8-952-111-22-33"), SECRET))
                .statusCode(200).body(equalTo("ok"));
        send(event("wall_reply_new", wallReply(comment, post, 5550002, null, "Та же проблема на Кольцовской 37"), SECRET))
                .statusCode(200).body(equalTo("ok"));
        send(event("wall_reply_new", wallReply(answer, post, -GROUP, comment, "Информация передана в управляющую компанию"), SECRET))
                .statusCode(200).body(equalTo("ok"));

        asAnalyst().get("/api/v1/messages/" + vkId(postSid)).then().statusCode(200)
                .body("kind", equalTo("POST"))
                .body("source", equalTo("VK"))
                .body("municipality", equalTo("voronezh"))
                .body("url", equalTo("https://vk.com/" + postSid))
                .body("text", not(containsString("111-22-33")))
                .body("authorRef", not(containsString("5550001")))
                .body("attachments[0].url", equalTo("https://sun9-1.userapi.com/x.jpg"))
                .body("publishedAt", equalTo("2026-01-01T10:00:00Z"));
        asAnalyst().get("/api/v1/messages/" + vkId(commentSid)).then().statusCode(200)
                .body("kind", equalTo("COMMENT"))
                .body("inReplyTo", equalTo(vkId(postSid).toString()));
        asAnalyst().get("/api/v1/messages/" + vkId(answerSid)).then().statusCode(200)
                .body("kind", equalTo("OFFICIAL_REPLY"))
                .body("inReplyTo", equalTo(vkId(commentSid).toString()));

        try (TopicProbe probe = new TopicProbe(List.of(vkId(postSid), vkId(commentSid), vkId(answerSid)))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(probe.events()).hasSize(3));
        }
    }

    @Test
    void redeliveredEventIsTakenOnce() {
        long post = nextId();
        String body = event("wall_post_new", wallPost(post, 5550003, "post", "Не работает светофор на Московском проспекте"), SECRET);
        send(body).statusCode(200).body(equalTo("ok"));
        send(body).statusCode(200).body(equalTo("ok"));
        // the same post arriving again under a new event id is still the same message
        send(event("wall_post_new", wallPost(post, 5550003, "post", "Не работает светофор на Московском проспекте"), SECRET))
                .statusCode(200).body(equalTo("ok"));
        UUID id = vkId("wall-" + GROUP + "_" + post);
        try (TopicProbe probe = new TopicProbe(List.of(id))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events()).hasSize(1));
            TestDatabase.awaitOutboxDrained(Duration.ofSeconds(90));
            assertThat(probe.events()).hasSize(1);
        }
    }

    @Test
    void editedCommentUpdatesTheMessageAndPublishesANewRevision() {
        long post = nextId();
        long comment = nextId();
        String sid = "wall-" + GROUP + "_" + post + "_comment" + comment;
        send(event("wall_reply_new", wallReply(comment, post, 5550004, null, "Яма на Ленинском проспекте"), SECRET)).statusCode(200);
        send(event("wall_reply_edit", wallReply(comment, post, 5550004, null, "Яма на Ленинском проспекте, 120 — уже две недели"), SECRET))
                .statusCode(200).body(equalTo("ok"));
        asAnalyst().get("/api/v1/messages/" + vkId(sid)).then().statusCode(200)
                .body("revision", equalTo(2))
                .body("text", equalTo("Яма на Ленинском проспекте, 120 — уже две недели"));
        try (TopicProbe probe = new TopicProbe(List.of(vkId(sid)))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events())
                    .extracting(MessageIngested::revision).containsExactly(1, 2));
        }
    }

    @Test
    void boardPostAndDirectMessageAreTakenIn() {
        long boardPost = nextId();
        long topic = nextId();
        send(event("board_post_new", """
                {"id": %d, "from_id": 5550005, "date": 1767268800, "text": "Когда отремонтируют крышу в доме 12?",
                 "topic_id": %d, "topic_owner_id": -%d}
                """.formatted(boardPost, topic, GROUP), SECRET)).statusCode(200).body(equalTo("ok"));
        long dm = nextId();
        send(event("message_new", """
                {"message": {"id": %d, "date": 1767268800, "peer_id": 5550006, "from_id": 5550006,
                 "text": "Здравствуйте, пишу по поводу отключения отопления, почта jane@example.com",
                 "conversation_message_id": %d, "attachments": [], "important": false, "fwd_messages": []},
                 "client_info": {"button_actions": ["text"], "keyboard": true, "inline_keyboard": true, "lang_id": 0}}
                """.formatted(dm, dm), SECRET)).statusCode(200).body(equalTo("ok"));
        asAnalyst().get("/api/v1/messages/" + vkId("board-" + GROUP + "_" + topic + "_" + boardPost)).then().statusCode(200)
                .body("kind", equalTo("COMMENT"));
        asAnalyst().get("/api/v1/messages/" + vkId("im" + PersonalDataIds.vkPeer(5550006) + "_" + dm)).then().statusCode(200)
                .body("kind", equalTo("DIRECT_MESSAGE"))
                .body("text", not(containsString("jane@example.com")));
    }

    @Test
    void editedDirectMessageUpdatesTheMessageAndPublishesANewRevision() {
        long dm = nextId();
        String original = """
                {"message": {"id": %d, "date": 1767268800, "peer_id": 5550008, "from_id": 5550008,
                 "text": "Нет отопления", "conversation_message_id": %d, "attachments": []},
                 "client_info": {"keyboard": true}}
                """.formatted(dm, dm);
        send(event("message_new", original, SECRET)).statusCode(200).body(equalTo("ok"));
        send(event("message_edit", """
                {"id": %d, "date": 1767268800, "update_time": 1767269100, "peer_id": 5550008, "from_id": 5550008,
                 "text": "Нет отопления в доме 7 по ул. Лизюкова, тел. +7 900 123-45-67", "conversation_message_id": %d,
                 "attachments": []}
                """.formatted(dm, dm), SECRET)).statusCode(200).body(equalTo("ok"));
        UUID id = vkId("im" + PersonalDataIds.vkPeer(5550008) + "_" + dm);
        asAnalyst().get("/api/v1/messages/" + id).then().statusCode(200)
                .body("revision", equalTo(2))
                .body("text", containsString("Лизюкова"))
                .body("text", not(containsString("123-45-67")));
        try (TopicProbe probe = new TopicProbe(List.of(id))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events())
                    .extracting(MessageIngested::revision).containsExactly(1, 2));
        }
    }

    @Test
    void otherEventTypesAreAnsweredOkAndCounted() {
        send(event("group_join", "{\"user_id\": 5550007, \"join_type\": \"join\"}", SECRET)).statusCode(200).body(equalTo("ok"));
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("civicpulse_webhook_ignored_total{channel=\"vk:demo\",type=\"group_join\"}"));
    }
}
