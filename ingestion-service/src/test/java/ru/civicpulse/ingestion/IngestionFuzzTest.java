package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;
import ru.civicpulse.testsupport.fuzz.FieldKind;
import ru.civicpulse.testsupport.fuzz.FuzzDriver;
import ru.civicpulse.testsupport.fuzz.FuzzRequest;
import ru.civicpulse.testsupport.fuzz.FuzzResult;
import ru.civicpulse.testsupport.fuzz.FuzzTarget;
import ru.civicpulse.testsupport.fuzz.RequestFuzzer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Generated malformed requests (at least 10,000 per public endpoint: single and batch messages,
 * VK, Telegram, imports) get no 5xx, every error is problem+json naming nothing internal, and
 * the service stays ready. Counts per endpoint and status are printed. The number per endpoint
 * can be raised with {@code -Dfuzz.requests=N}.
 */
@QuarkusTest
// A profile of its own puts this class after the plain @QuarkusTest classes (Quarkus orders classes by
// profile), so the tens of thousands of messages it takes in do not queue ahead of their events.
@TestProfile(IngestionFuzzTest.AfterOtherTests.class)
class IngestionFuzzTest {
    public static class AfterOtherTests implements QuarkusTestProfile {
        /** The imports' own budget would answer most of the fuzzed uploads 429 before reading them. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("civicpulse.rate-limit.imports", "1000000/1s");
        }
    }

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int CONCURRENCY = 6;
    /** Share of requests carrying 1-5 MB values: enough to exercise every size limit, few enough to keep the run short. */
    private static final double HUGE_SHARE = 0.003;
    private static final AtomicLong EVENTS = new AtomicLong(System.nanoTime());

    /**
     * Request lines over 4 KiB (hostile query strings) are refused by the HTTP server itself with an
     * empty 414 before any application code, and it then closes the connection, which a pooled
     * client may be reusing at that moment (a request "without answer" that never reached the
     * service). They are drawn again: what is fuzzed here is the service.
     */
    private static Supplier<FuzzRequest> shortRequestLines(Supplier<FuzzRequest> requests) {
        return () -> {
            FuzzRequest r = requests.get();
            while (r.pathAndQuery().length() > 4000) {
                r = requests.get();
            }
            return r;
        };
    }

    private static URI base() {
        return URI.create("http://127.0.0.1:" + RestAssured.port);
    }

    private static FuzzTarget message(String path) {
        return FuzzTarget.json("POST", path)
                .field("source", FieldKind.code("API"))
                .field("sourceMessageId", FieldKind.text("fuzz-1"))
                .field("kind", FieldKind.code("APPEAL", "POST", "COMMENT"))
                .field("municipality", FieldKind.code("voronezh", "novovoronezh"))
                .field("publishedAt", FieldKind.timestamp())
                .field("text", FieldKind.text("Третий день не вывозят мусор, звоните 8 903 123-45-67"))
                .field("address", FieldKind.text("ул. Кольцовская, 35"))
                .field("authorId", FieldKind.text("resident-42"))
                .field("url", FieldKind.text("https://example.org/a/1"));
    }

    /** A fuzzed object placed inside a valid envelope, or (every other request) a fuzzed envelope. */
    private static Supplier<FuzzRequest> nested(RequestFuzzer envelope, RequestFuzzer inner, java.util.function.Function<String, String> wrap) {
        long[] n = {0};
        return () -> {
            if (n[0]++ % 2 == 0) {
                return envelope.get();
            }
            FuzzRequest r = inner.get();
            String body = new String(r.body(), StandardCharsets.ISO_8859_1);
            byte[] wrapped = wrap.apply(body).getBytes(StandardCharsets.ISO_8859_1);
            return new FuzzRequest(r.target(), "nested." + r.attack(), r.method(), envelope.target().path(), r.contentType(), wrapped);
        };
    }

    private static void ready(List<FuzzResult> results) {
        System.out.println(results.get(results.size() - 1).summary());
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void tenThousandMalformedRequestsPerEndpointGetNo5xx() {
        List<FuzzResult> results = new ArrayList<>();
        FuzzDriver client = FuzzDriver.to(base()).bearer(Tokens.ingestClient()).concurrency(CONCURRENCY);

        results.add(client.run("POST /api/v1/messages", shortRequestLines(new RequestFuzzer(101, message("/api/v1/messages")).hugeShare(HUGE_SHARE)),
                REQUESTS));
        ready(results);

        RequestFuzzer batchItems = new RequestFuzzer(202, message("/api/v1/messages")).hugeShare(HUGE_SHARE);
        results.add(client.run("POST /api/v1/messages (batch)", shortRequestLines(() -> {
            FuzzRequest r = batchItems.get();
            String body = new String(r.body(), StandardCharsets.ISO_8859_1);
            byte[] wrapped = ("{\"messages\": [" + body + ", " + body + "]}").getBytes(StandardCharsets.ISO_8859_1);
            return new FuzzRequest(r.target(), "batch." + r.attack(), r.method(), r.pathAndQuery(), r.contentType(), wrapped);
        }), REQUESTS));
        ready(results);

        FuzzTarget vkEnvelope = FuzzTarget.json("POST", "/webhooks/vk/demo")
                .field("type", FieldKind.code("wall_post_new", "wall_reply_new", "wall_reply_edit", "board_post_new", "message_new",
                        "message_edit", "confirmation"))
                .field("secret", FieldKind.code("test-vk-secret"))
                .field("event_id", FieldKind.text("3f1c0a"))
                .field("group_id", FieldKind.integer(1000001))
                .field("v", FieldKind.code("5.199"));
        FuzzTarget vkObject = FuzzTarget.json("POST", "/webhooks/vk/demo")
                .field("id", FieldKind.integer(9917))
                .field("owner_id", FieldKind.integer(-1000001))
                .field("from_id", FieldKind.integer(5550002))
                .field("peer_id", FieldKind.integer(5550002))
                .field("post_id", FieldKind.integer(4821))
                .field("date", FieldKind.integer(1767265200))
                .field("text", FieldKind.text("Та же беда на Кольцовской 37 [id5550009|Иван]"));
        String[] vkTypes = {"wall_post_new", "wall_reply_new", "board_post_edit", "message_edit"};
        results.add(FuzzDriver.to(base()).concurrency(CONCURRENCY).run("POST /webhooks/vk/demo",
                shortRequestLines(nested(new RequestFuzzer(303, vkEnvelope).hugeShare(HUGE_SHARE), new RequestFuzzer(304, vkObject).hugeShare(HUGE_SHARE), object -> {
                    long id = EVENTS.incrementAndGet();
                    return "{\"type\": \"" + vkTypes[(int) (id % vkTypes.length)] + "\", \"event_id\": \"fz" + id
                            + "\", \"group_id\": 1000001, \"secret\": \"test-vk-secret\", \"object\": " + object + "}";
                })), REQUESTS));
        ready(results);

        FuzzTarget tgEnvelope = FuzzTarget.json("POST", "/webhooks/telegram/demo")
                .field("update_id", FieldKind.integer(10001))
                .field("message", FieldKind.text("x"));
        FuzzTarget tgMessage = FuzzTarget.json("POST", "/webhooks/telegram/demo")
                .field("message_id", FieldKind.integer(77))
                .field("date", FieldKind.integer(1767261600))
                .field("text", FieldKind.text("Ремонт дороги на Московском проспекте до 15 мая"))
                .field("caption", FieldKind.text("Фото ямы"))
                .field("is_automatic_forward", FieldKind.bool());
        String[] tgTypes = {"message", "edited_message", "channel_post", "edited_channel_post"};
        results.add(FuzzDriver.to(base()).header("X-Telegram-Bot-Api-Secret-Token", "test-telegram-secret").concurrency(CONCURRENCY)
                .run("POST /webhooks/telegram/demo", shortRequestLines(nested(new RequestFuzzer(405, tgEnvelope).hugeShare(HUGE_SHARE),
                        new RequestFuzzer(406, tgMessage).hugeShare(HUGE_SHARE), m -> {
                            long id = EVENTS.incrementAndGet();
                            String type = tgTypes[(int) (id % tgTypes.length)];
                            String chat = id % 3 == 0 ? "{\"id\": 5551002, \"type\": \"private\", \"username\": \"petr\"}"
                                    : "{\"id\": -1001234567890, \"type\": \"channel\", \"username\": \"vrn_online\"}";
                            String withChat = m.startsWith("{") && m.length() > 1
                                    ? "{\"chat\": " + chat + ", " + m.substring(1) : m;
                            return "{\"update_id\": " + id + ", \"" + type + "\": " + withChat + "}";
                        })), REQUESTS));
        ready(results);

        String csv = "Номер инцидента;Дата создания;Муниципалитет;Текст инцидента\nIM-1;01.03.2026 10:00;Воронеж;Не горит фонарь\n";
        FuzzTarget imports = FuzzTarget.multipart("POST", "/api/v1/imports")
                .field("municipality", FieldKind.code("voronezh"))
                .file("file", "incidents.csv", "text/csv", csv);
        results.add(FuzzDriver.to(base()).bearer(Tokens.regionAdmin()).concurrency(CONCURRENCY)
                .run("POST /api/v1/imports", shortRequestLines(new RequestFuzzer(507, imports).hugeShare(HUGE_SHARE)), REQUESTS));
        ready(results);

        results.forEach(r -> System.out.println(r.report()));
        System.out.println("Fuzz summary:");
        results.forEach(r -> System.out.println("  " + r.summary()));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.serverErrors()).as(r.target()).isEmpty();
            assertThat(r.serverErrorCount()).as(r.target()).isZero();
            assertThat(r.notProblemJson()).as(r.target()).isEmpty();
            assertThat(r.leaks()).as(r.target()).isEmpty();
            // fuzzed requests that a rate limit refused unread would prove nothing about the endpoint
            assertThat(r.count(429)).as(r.target()).isLessThan(r.requests() / 100);
        });
    }
}
