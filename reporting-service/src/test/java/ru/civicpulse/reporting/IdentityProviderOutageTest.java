package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.IdentityProviderDownProfile;
import ru.civicpulse.testsupport.OidcServer;
import ru.civicpulse.testsupport.Tokens;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The service starts while Keycloak is down: a token is answered 503 problem+json with
 * {@code Retry-After}, no token 401, and once the provider is back the token is accepted without a
 * restart. The full story is classification-service's test.
 */
@QuarkusTest
@TestProfile(IdentityProviderOutageTest.ProviderDownAtStart.class)
class IdentityProviderOutageTest {
    static final String SOURCES = "/api/v1/external-stats";

    public static class ProviderDownAtStart extends IdentityProviderDownProfile {
        public ProviderDownAtStart() {
            super("reporting");
        }
    }

    @Test
    void aTokenWaitsForTheIdentityProvider() {
        given().get(SOURCES).then().statusCode(401);
        given().auth().oauth2(Tokens.cityOfficial("voronezh")).get(SOURCES).then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("title", equalTo("Service Unavailable"));

        OidcServer.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.cityOfficial("voronezh")).get(SOURCES).then().statusCode(200));
    }
}
