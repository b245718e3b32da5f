package ru.civicpulse.reporting;

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
 * A client over its report-order budget ({@link LowRateLimitsProfile}: 3 per hour) gets 429
 * problem+json with {@code Retry-After}, counted in the metric; another client still orders, and
 * the refused client still reads its reports.
 */
@QuarkusTest
@TestProfile(LowRateLimitsProfile.class)
class RateLimitTest {

    @Test
    void aClientOverItsReportOrderBudgetIsRefusedWhileOthersGoOn() {
        String analyst = analyst();
        double before = RateLimits.refused("reporting-service", "report-orders");
        RateLimits.spendBudget(() -> order(analyst), 202);

        RateLimits.assertTooManyRequests(order(analyst));
        assertThat(RateLimits.refused("reporting-service", "report-orders")).isEqualTo(before + 1);

        assertThat(order(analyst()).statusCode()).as("another client").isEqualTo(202);
        assertThat(given().auth().oauth2(analyst).get("/api/v1/reports").statusCode())
                .as("listing reports is not an order").isEqualTo(200);
    }

    private static String analyst() {
        return Tokens.token(TestIssuer.REGION, "analyst-" + UUID.randomUUID(), Set.of(Roles.REGION_ANALYST), List.of());
    }

    /** A one-day report of a day without messages: cheap to generate. */
    private static Response order(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"from\":\"2020-01-06\",\"to\":\"2020-01-07\",\"municipality\":\"voronezh\"}")
                .post("/api/v1/reports");
    }
}
