package ru.civicpulse.classification;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.IdentityProviderDownProfile;
import ru.civicpulse.testsupport.OidcServer;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The service starts while Keycloak is down. A request with a token is answered 503 problem+json
 * with {@code Retry-After} (not 401, which would send the user to log in again, and not 500), a
 * request without a token still 401, and once the provider is back the same tokens are accepted
 * without restarting the service.
 */
@QuarkusTest
@TestProfile(IdentityProviderOutageTest.ProviderDownAtStart.class)
class IdentityProviderOutageTest {
    static final String TAXONOMY = "/api/v1/taxonomy";

    public static class ProviderDownAtStart extends IdentityProviderDownProfile {
        public ProviderDownAtStart() {
            super("classification");
        }
    }

    final List<String> warnings = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(String.valueOf(record.getMessage()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        Logger.getLogger("ru.civicpulse.common").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("ru.civicpulse.common").removeHandler(capture);
    }

    @Test
    void tokensAreAnswered503WhileTheProviderIsDownAndAcceptedOnceItIsBack() {
        assertThat(OidcServer.isRunning()).isFalse();

        given().get(TAXONOMY).then().statusCode(401).contentType("application/problem+json");
        for (int attempt = 0; attempt < 2; attempt++) {
            // the second attempt comes after Quarkus's own single reconnection try on the first request
            unavailable(given().auth().oauth2(Tokens.regionAnalyst()).get(TAXONOMY).then());
            unavailable(given().auth().oauth2(Tokens.cityOfficial("voronezh")).get(TAXONOMY).then());
        }
        // a path segment naming a tenant makes Quarkus pick that tenant directly and connect it on the
        // request (as it does for tenants chosen by path): that failure used to be a 500
        unavailable(given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/region").then());
        assertThat(warnings).anyMatch(line -> line.contains("Identity provider unreachable"));

        OidcServer.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.regionAnalyst()).get(TAXONOMY).then()
                        .statusCode(200).body("groups", hasSize(17)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.cityOfficial("voronezh")).get(TAXONOMY).then().statusCode(200));
        given().get(TAXONOMY).then().statusCode(401);

        // down again: the keys fetched meanwhile still verify the tokens they signed; a token signed
        // with a key the service has not seen needs the provider, so it cannot be verified now
        OidcServer.stop();
        given().auth().oauth2(Tokens.regionAnalyst()).get(TAXONOMY).then().statusCode(200);
        unavailable(given().auth().oauth2(Tokens.signedWithUnpublishedKey(TestIssuer.REGION)).get(TAXONOMY).then());
    }

    private static void unavailable(ValidatableResponse response) {
        response.statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", notNullValue());
    }
}
