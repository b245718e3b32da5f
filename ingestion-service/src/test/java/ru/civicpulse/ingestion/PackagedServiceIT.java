package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;

import static org.hamcrest.Matchers.equalTo;

/**
 * The packaged service (the JVM fast-jar, or the native executable under {@code -Dnative}) starts,
 * becomes ready against the real database and broker, guards its API and takes a message in.
 */
@QuarkusIntegrationTest
class PackagedServiceIT {
    @Test
    void packagedServiceTakesAMessageInAndGuardsItsApi() {
        RestAssured.get("/q/health/ready").then().statusCode(200);
        String body = Api.message(Api.unique("packaged"), "Нет горячей воды на Плехановской");
        RestAssured.given().contentType(ContentType.JSON).body(body).post("/api/v1/messages")
                .then().statusCode(401);
        RestAssured.given().auth().oauth2(Tokens.ingestClient()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/messages")
                .then().statusCode(202).body("accepted", equalTo(1));
    }
}
