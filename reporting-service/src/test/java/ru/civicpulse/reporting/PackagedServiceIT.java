package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The packaged service (the JVM fast-jar, or the native executable under {@code -Dnative}) starts,
 * becomes ready, guards its API, answers analytics and serves the dashboard page.
 */
@QuarkusIntegrationTest
class PackagedServiceIT {
    @Test
    void packagedServiceAnswersAnalyticsAndGuardsItsApi() {
        RestAssured.get("/q/health/ready").then().statusCode(200);
        String topics = "/api/v1/analytics/topics?from=2026-11-01&to=2026-11-08";
        RestAssured.get(topics).then().statusCode(401);
        RestAssured.given().auth().oauth2(Tokens.ingestClient()).get(topics).then().statusCode(403);
        RestAssured.given().auth().oauth2(Tokens.regionAnalyst()).get(topics)
                .then().statusCode(200).body("total", notNullValue());
        RestAssured.get("/dashboard/").then().statusCode(200).body(containsString("<html"));
    }
}
