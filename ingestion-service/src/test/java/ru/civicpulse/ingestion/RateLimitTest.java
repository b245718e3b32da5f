package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import ru.civicpulse.common.Roles;
import ru.civicpulse.testsupport.LowRateLimitsProfile;
import ru.civicpulse.testsupport.RateLimits;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each client has its own budget per endpoint class ({@link LowRateLimitsProfile}: 3 per hour):
 * the request over it is answered 429 problem+json with {@code Retry-After} and counted, while
 * other clients, other channels and the same client's other classes go on.
 */
@QuarkusTest
@TestProfile(LowRateLimitsProfile.class)
class RateLimitTest {
    @Test
    void aClientOverItsIntakeBudgetIsRefusedWhileOthersGoOn() {
        String feeder = client(TestIssuer.REGION, "feeder", Roles.INGEST_CLIENT);
        double before = refused("intake");
        RateLimits.spendBudget(() -> submit(feeder), 202);

        RateLimits.assertTooManyRequests(submit(feeder));
        assertThat(refused("intake")).isEqualTo(before + 1);

        assertThat(submit(client(TestIssuer.REGION, "other-feeder", Roles.INGEST_CLIENT)).statusCode())
                .as("another client").isEqualTo(202);
        // the same subject at the other organisation's identity provider is another client
        String sameSubject = subjectOf(feeder);
        assertThat(submit(Tokens.token(TestIssuer.CITY, sameSubject, Set.of(Roles.INGEST_CLIENT), List.of())).statusCode())
                .as("same subject, other issuer").isEqualTo(202);
    }

    @Test
    void aWebhookChannelHasItsOwnBudget() {
        double before = refused("intake");
        RateLimits.spendBudget(RateLimitTest::vk, 200);

        RateLimits.assertTooManyRequests(vk());
        assertThat(refused("intake")).isEqualTo(before + 1);

        assertThat(telegram().statusCode()).as("another channel").isEqualTo(200);
    }

    @Test
    void importsAreLimitedApartFromIntake() {
        String admin = client(TestIssuer.REGION, "admin", Roles.REGION_ADMIN);
        double before = refused("imports");
        RateLimits.spendBudget(() -> importFile(admin), 200);

        RateLimits.assertTooManyRequests(importFile(admin));
        assertThat(refused("imports")).isEqualTo(before + 1);

        assertThat(submit(admin).statusCode()).as("the same client's intake budget is untouched").isEqualTo(202);
    }

    private static String client(TestIssuer issuer, String name, String role) {
        return Tokens.token(issuer, name + "-" + UUID.randomUUID(), Set.of(role), List.of());
    }

    private static String subjectOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).getString("sub");
    }

    private static Response submit(String token) {
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Api.message(Api.unique("rate"), "Не вывозят мусор")).post("/api/v1/messages");
    }

    private static Response importFile(String token) {
        return RestAssured.given().auth().oauth2(token)
                .multiPart("file", "x.csv", "Номер инцидента;Дата создания;Текст инцидента;Муниципалитет\n"
                        .getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/imports");
    }

    private static Response vk() {
        return RestAssured.given().contentType(ContentType.JSON).body("{\"type\": \"group_join\", \"event_id\": \"" + UUID.randomUUID()
                + "\", \"group_id\": 1000001, \"secret\": \"test-vk-secret\", \"object\": {}}").post("/webhooks/vk/demo");
    }

    private static Response telegram() {
        return RestAssured.given().contentType(ContentType.JSON).header("X-Telegram-Bot-Api-Secret-Token", "test-telegram-secret")
                .body("{\"update_id\": " + System.nanoTime() + ", \"poll\": {}}").post("/webhooks/telegram/demo");
    }

    private static double refused(String limitClass) {
        return RateLimits.refused("ingestion-service", limitClass);
    }
}
