package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.IdentityProviderDownProfile;
import ru.civicpulse.testsupport.OidcServer;
import ru.civicpulse.testsupport.Tokens;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The service starts while Keycloak is down (authentication here is lazy, per endpoint): a token is
 * answered 503 problem+json with {@code Retry-After}, no token 401, and once the provider is back
 * the token is accepted without a restart. The full story is classification-service's test.
 */
@QuarkusTest
@TestProfile(IdentityProviderOutageTest.ProviderDownAtStart.class)
class IdentityProviderOutageTest {
    public static class ProviderDownAtStart extends IdentityProviderDownProfile {
        public ProviderDownAtStart() {
            super("ingestion");
        }
    }

    @Test
    void aTokenWaitsForTheIdentityProvider() {
        String message = "/api/v1/messages/" + UUID.randomUUID();

        given().get(message).then().statusCode(401);
        given().auth().oauth2(Tokens.regionAnalyst()).get(message).then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("title", equalTo("Service Unavailable"));

        OidcServer.start();
        // accepted: the service looks the message up (there is none)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.regionAnalyst()).get(message).then().statusCode(404));
    }
}
