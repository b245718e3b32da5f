package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Source;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static ru.civicpulse.ingestion.Api.asAnalyst;

@QuarkusTest
class TelegramWebhookTest {
    private static final String SECRET = "test-telegram-secret";
    private static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final long CHANNEL = -1001234567890L;
    private static final long GROUP = -1009876543210L;
    private static final long OFFICIAL = 700100200L;
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private static ValidatableResponse send(String update) {
        return RestAssured.given().contentType(ContentType.JSON).header(HEADER, SECRET).body(update)
                .post("/webhooks/telegram/demo").then();
    }

    private static UUID tgId(long chat, long message) {
        return MessageIds.of(Source.TELEGRAM, chat + "_" + message);
    }

    private static String channelPost(long updateId, long messageId, String text, boolean edited) {
        return """
                {"update_id": %d, "%s": {"message_id": %d, "date": 1767261600,%s
                  "sender_chat": {"id": %d, "title": "Воронеж Онлайн", "username": "vrn_online", "type": "channel"},
                  "chat": {"id": %d, "title": "Воронеж Онлайн", "username": "vrn_online", "type": "channel"},
                  "text": "%s"}}
                """.formatted(updateId, edited ? "edited_channel_post" : "channel_post", messageId,
                edited ? " \"edit_date\": 1767262000," : "", CHANNEL, CHANNEL, text);
    }

    /** The copy of a channel post Telegram puts into the linked discussion group. */
    private static String autoForward(long groupMessageId, long channelMessageId) {
        return """
                {"message_id": %d, "date": 1767261601, "is_automatic_forward": true,
                 "from": {"id": 777000, "is_bot": false, "first_name": "Telegram"},
                 "sender_chat": {"id": %d, "title": "Воронеж Онлайн", "username": "vrn_online", "type": "channel"},
                 "chat": {"id": %d, "title": "Воронеж Онлайн — обсуждение", "type": "supergroup"},
                 "forward_origin": {"type": "channel", "chat": {"id": %d, "title": "Воронеж Онлайн", "type": "channel"},
                   "message_id": %d, "date": 1767261600},
                 "forward_from_chat": {"id": %d, "title": "Воронеж Онлайн", "type": "channel"},
                 "forward_from_message_id": %d,
                 "text": "Пост канала"}
                """.formatted(groupMessageId, CHANNEL, GROUP, CHANNEL, channelMessageId, CHANNEL, channelMessageId);
    }

    private static String groupComment(long updateId, long messageId, long fromId, String replyTo, String text) {
        return """
                {"update_id": %d, "message": {"message_id": %d, "date": 1767265200, "message_thread_id": 1,
                  "from": {"id": %d, "is_bot": false, "first_name": "Мария", "username": "maria_vrn", "language_code": "ru"},
                  "chat": {"id": %d, "title": "Воронеж Онлайн — обсуждение", "type": "supergroup"},
                  "reply_to_message": %s,
                  "text": "%s"}}
                """.formatted(updateId, messageId, fromId, GROUP, replyTo, text);
    }

    @Test
    void missingOrWrongSecretIs403WithTheSameAnswerWhateverWasWrong() {
        long post = IDS.incrementAndGet();
        String update = channelPost(IDS.incrementAndGet(), post, "Пост", false);
        RestAssured.given().contentType(ContentType.JSON).body(update).post("/webhooks/telegram/demo")
                .then().statusCode(403).body("detail", equalTo("The delivery is not accepted."));
        RestAssured.given().contentType(ContentType.JSON).header(HEADER, "wrong").body(update).post("/webhooks/telegram/demo")
                .then().statusCode(403).body("detail", equalTo("The delivery is not accepted."));
        RestAssured.given().contentType(ContentType.JSON).header(HEADER, SECRET).body(update).post("/webhooks/telegram/other")
                .then().statusCode(403).body("detail", equalTo("The delivery is not accepted."));
        asAnalyst().get("/api/v1/messages/" + tgId(CHANNEL, post)).then().statusCode(404);
    }

    @Test
    void unreadableUpdateIs400() {
        send("[]").statusCode(400).contentType("application/problem+json");
    }

    @Test
    void discussionCommentsPointAtTheChannelPostAndOfficialAnswersAreOfficialReplies() {
        long post = IDS.incrementAndGet();
        long forwardCopy = IDS.incrementAndGet();
        long comment = IDS.incrementAndGet();
        long answer = IDS.incrementAndGet();
        send(channelPost(IDS.incrementAndGet(), post, "На Московском проспекте ремонт дороги до 15 мая", false)).statusCode(200);
        send("{\"update_id\": " + IDS.incrementAndGet() + ", \"message\": " + autoForward(forwardCopy, post) + "}").statusCode(200);
        send(groupComment(IDS.incrementAndGet(), comment, 5551001, autoForward(forwardCopy, post),
                "А объезд где? Пробка до Северного моста, звоните 8 (473) 255-00-11")).statusCode(200);
        String commentAsParent = """
                {"message_id": %d, "date": 1767265200, "from": {"id": 5551001, "is_bot": false, "first_name": "Мария"},
                 "chat": {"id": %d, "type": "supergroup", "title": "Воронеж Онлайн — обсуждение"}, "text": "А объезд где?"}
                """.formatted(comment, GROUP);
        send(groupComment(IDS.incrementAndGet(), answer, OFFICIAL, commentAsParent, "Объезд по улице Хользунова")).statusCode(200);

        asAnalyst().get("/api/v1/messages/" + tgId(CHANNEL, post)).then().statusCode(200)
                .body("kind", equalTo("POST"))
                .body("url", equalTo("https://t.me/vrn_online/" + post));
        asAnalyst().get("/api/v1/messages/" + tgId(GROUP, forwardCopy)).then().statusCode(404);
        asAnalyst().get("/api/v1/messages/" + tgId(GROUP, comment)).then().statusCode(200)
                .body("kind", equalTo("COMMENT"))
                .body("inReplyTo", equalTo(tgId(CHANNEL, post).toString()))
                .body("text", not(containsString("255-00-11")))
                .body("authorRef", not(containsString("5551001")));
        asAnalyst().get("/api/v1/messages/" + tgId(GROUP, answer)).then().statusCode(200)
                .body("kind", equalTo("OFFICIAL_REPLY"))
                .body("inReplyTo", equalTo(tgId(GROUP, comment).toString()));
    }

    @Test
    void privateMessageIsADirectMessageAndRedeliveryIsIgnored() {
        long update = IDS.incrementAndGet();
        long message = IDS.incrementAndGet();
        String body = """
                {"update_id": %d, "message": {"message_id": %d, "date": 1767265200,
                  "from": {"id": 5551002, "is_bot": false, "first_name": "Пётр"},
                  "chat": {"id": 5551002, "first_name": "Пётр", "username": "petr_vrn", "type": "private"},
                  "text": "Добрый день! Во дворе дома 5 на Плехановской сломаны качели"}}
                """.formatted(update, message);
        send(body).statusCode(200);
        send(body).statusCode(200);
        // a private chat's id and username are the resident's own: neither is stored or published
        UUID id = MessageIds.of(Source.TELEGRAM, PersonalDataIds.telegramChat(5551002) + "_" + message);
        String stored = asAnalyst().get("/api/v1/messages/" + id).then().statusCode(200)
                .body("kind", equalTo("DIRECT_MESSAGE"))
                .body("inReplyTo", nullValue())
                .body("channelId", nullValue())
                .body("url", nullValue())
                .extract().asString();
        assertThat(stored).doesNotContain("5551002").doesNotContain("petr_vrn");
        asAnalyst().get("/api/v1/messages/" + tgId(5551002, message)).then().statusCode(404);
        try (TopicProbe probe = new TopicProbe(List.of(id))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(probe.events()).hasSize(1));
        }
    }

    @Test
    void editedChannelPostPublishesANewRevision() {
        long post = IDS.incrementAndGet();
        send(channelPost(IDS.incrementAndGet(), post, "Отключение воды 12 мая", false)).statusCode(200);
        send(channelPost(IDS.incrementAndGet(), post, "Отключение воды переносится на 14 мая", true)).statusCode(200);
        asAnalyst().get("/api/v1/messages/" + tgId(CHANNEL, post)).then().statusCode(200)
                .body("revision", equalTo(2))
                .body("text", equalTo("Отключение воды переносится на 14 мая"));
        try (TopicProbe probe = new TopicProbe(List.of(tgId(CHANNEL, post)))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events())
                    .extracting(MessageIngested::revision).containsExactly(1, 2));
        }
    }

    @Test
    void otherUpdatesAreAcknowledgedAndCounted() {
        send("{\"update_id\": " + IDS.incrementAndGet() + ", \"my_chat_member\": {\"chat\": {\"id\": 1, \"type\": \"private\"}}}")
                .statusCode(200);
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("civicpulse_webhook_ignored_total{channel=\"telegram:demo\",type=\"my_chat_member\"}"));
    }
}
