package ru.civicpulse.classification;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import ru.civicpulse.common.Roles;
import ru.civicpulse.testsupport.LowRateLimitsProfile;
import ru.civicpulse.testsupport.RateLimits;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client over its classify budget ({@link LowRateLimitsProfile}: 3 per hour) gets 429
 * problem+json with {@code Retry-After}, counted in the metric; another client still gets answers,
 * and unlimited endpoints stay open to the refused client.
 */
@QuarkusTest
@TestProfile(LowRateLimitsProfile.class)
class RateLimitTest {

    @Test
    void aClientOverItsClassifyBudgetIsRefusedWhileOthersGoOn() {
        String official = official();
        double before = RateLimits.refused("classification-service", "classify");
        RateLimits.spendBudget(() -> classify(official), 200);

        RateLimits.assertTooManyRequests(classify(official));
        assertThat(RateLimits.refused("classification-service", "classify")).isEqualTo(before + 1);

        assertThat(classify(official()).statusCode()).as("another client").isEqualTo(200);
        assertThat(given().auth().oauth2(official).get("/api/v1/taxonomy").statusCode())
                .as("an endpoint without a limit, same client").isEqualTo(200);
    }

    private static String official() {
        return Tokens.token(TestIssuer.CITY, "official-" + UUID.randomUUID(), Set.of(Roles.CITY_OFFICIAL), List.of("voronezh"));
    }

    private static Response classify(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("text", "Во дворе на Ленина 5 третий день не вывозят мусор", "municipality", "voronezh"))
                .post("/api/v1/classify");
    }
}
