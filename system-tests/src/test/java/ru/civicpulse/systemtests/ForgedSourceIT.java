package ru.civicpulse.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.tools.DemoDataset;
import ru.civicpulse.tools.Stack;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two forged-source attacks, replayed against the whole system with real Keycloak tokens:
 * a REST client claiming a VK post's id before VK delivers the post, and a forged official reply
 * meant to close a resident's gas emergency. Both are refused; the real post is taken in and the
 * emergency stays in reporting's alerts.
 */
@Order(2)
class ForgedSourceIT {
    private static final long VK_GROUP = 1000001L;
    private static Stack stack;

    @BeforeAll
    static void stack() {
        stack = SystemStack.get().stack;
    }

    private static String now(Duration ago) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().minus(ago).atZone(DemoDataset.ZONE));
    }

    private static Map<String, Object> restMessage(String source, String id, String kind, String text, String inReplyTo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("sourceMessageId", id);
        m.put("kind", kind);
        m.put("municipality", "voronezh");
        m.put("publishedAt", now(Duration.ofMinutes(30)));
        m.put("text", text);
        if (inReplyTo != null) {
            m.put("inReplyTo", inReplyTo);
        }
        return m;
    }

    @Test
    void aRestClientCannotTakeAVkPostsIdAndTheRealPostIsTakenIn() {
        long post = 700_000_000L + Math.floorMod(System.nanoTime(), 100_000_000L);
        String sourceId = "wall-" + VK_GROUP + "_" + post;

        HttpResponse<String> forged = stack.postJson(stack.ingestion + "/api/v1/messages", "ingest",
                restMessage("VK", sourceId, "POST", "Всё в порядке, жалоб нет", null));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("source");

        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", post);
        object.put("owner_id", -VK_GROUP);
        object.put("from_id", 5550001L);
        object.put("date", Instant.now().getEpochSecond() - 600);
        object.put("text", "Прорвало трубу на Кольцовской, 35, вода заливает подвал");
        object.put("post_type", "post");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "wall_post_new");
        event.put("event_id", UUID.randomUUID().toString().replace("-", ""));
        event.put("v", "5.199");
        event.put("group_id", VK_GROUP);
        event.put("secret", stack.vkSecret);
        event.put("object", object);
        HttpResponse<String> delivered = stack.postJson(stack.ingestion + "/webhooks/vk/demo", null, event);
        assertThat(delivered.statusCode()).isEqualTo(200);
        assertThat(delivered.body().strip()).isEqualTo("ok");

        HttpResponse<String> stored = stack.get(stack.ingestion + "/api/v1/messages/" + MessageIds.of(Source.VK, sourceId), "analyst");
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stack.read(stored.body()).path("text").asText()).contains("Прорвало трубу");
    }

    @Test
    void aForgedOfficialReplyIsRefusedAndTheGasEmergencyStaysInTheAlerts() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String emergencyId = "gas-" + run;
        UUID emergency = MessageIds.of(Source.API, emergencyId);
        HttpResponse<String> sent = stack.postJson(stack.ingestion + "/api/v1/messages", "ingest",
                restMessage("API", emergencyId, "APPEAL", "Сильный запах газа в подъезде дома 14 на улице Ленина, соседи жалуются, срочно!", null));
        assertThat(sent.statusCode()).isEqualTo(202);

        LocalDate today = LocalDate.now(DemoDataset.ZONE);
        String alerts = stack.reporting + "/api/v1/analytics/alerts?from=" + today.minusDays(1) + "&to=" + today.plusDays(1)
                + "&municipality=voronezh";
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(stack.get(alerts, "analyst").body()).contains(emergency.toString()));

        // region-admin signs in through the command-line client: not configured as an official channel
        String replyId = "reply-" + run;
        HttpResponse<String> forged = stack.postJson(stack.ingestion + "/api/v1/messages", "admin",
                restMessage("API", replyId, "OFFICIAL_REPLY", "Утечка устранена, вопрос закрыт", emergencyId));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("kind");
        assertThat(stack.get(stack.ingestion + "/api/v1/messages/" + MessageIds.of(Source.API, replyId), "analyst").statusCode())
                .isEqualTo(404);

        // a message sent after the forged reply reaches reporting: anything before it has been processed too
        String laterId = "later-" + run;
        assertThat(stack.postJson(stack.ingestion + "/api/v1/messages", "ingest",
                restMessage("API", laterId, "APPEAL", "Контрольное обращение " + run + ": не горит фонарь", null)).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode page = stack.read(stack.get(stack.reporting + "/api/v1/messages?q=%D0%BA%D0%BE%D0%BD%D1%82%D1%80%D0%BE%D0%BB%D1%8C%D0%BD%D0%BE%D0%B5"
                    + "&from=" + today.minusDays(1) + "&to=" + today.plusDays(1) + "&size=100", "analyst").body());
            assertThat(page.toString()).contains(run);
        });
        assertThat(stack.get(alerts, "analyst").body()).contains(emergency.toString());
    }
}
