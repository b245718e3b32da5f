package ru.civicpulse.classification;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The packaged service (the JVM fast-jar, or the native executable under {@code -Dnative}) starts
 * with its shipped default model, becomes ready, guards its API and analyses a text.
 */
@QuarkusIntegrationTest
class PackagedServiceIT {
    @Test
    void packagedServiceAnalysesATextAndGuardsItsApi() {
        RestAssured.get("/q/health/ready").then().statusCode(200);
        String body = "{\"text\": \"Сильно пахнет газом в подъезде дома 12 на улице Лизюкова\", \"municipality\": \"voronezh\"}";
        RestAssured.given().contentType(ContentType.JSON).body(body).post("/api/v1/classify")
                .then().statusCode(401);
        RestAssured.given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/classify")
                .then().statusCode(200)
                .body("urgency.level", equalTo("EMERGENCY"))
                .body("urgency.reasons", hasItem("gas-smell"));
    }
}
