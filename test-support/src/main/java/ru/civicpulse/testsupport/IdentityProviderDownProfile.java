package ru.civicpulse.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A test profile in which the service starts while its identity provider ({@link OidcServer}) is
 * down, as after a restart during a Keycloak outage; a test starts the provider with
 * {@link OidcServer#start()}. PostgreSQL and Kafka are the module's usual ones. Tenants are
 * connected again every second, so a test waits little once the provider is back.
 * A service subclasses it with its database name; {@link #tokensWaitForTheProvider} is the
 * story every service must tell.
 */
public abstract class IdentityProviderDownProfile implements QuarkusTestProfile {
    private final String database;

    protected IdentityProviderDownProfile(String database) {
        this.database = database;
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(PostgresResource.class, Map.of("database", database)),
                new TestResourceEntry(KafkaResource.class),
                new TestResourceEntry(OidcResource.class, Map.of("provider", "server", "provider-at-start", "down")));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("civicpulse.oidc.reconnect-interval", "PT1S");
    }

    /**
     * What a client sees while the provider is down and after: GET {@code path} without a token is
     * 401; with {@code token} 503 problem+json with {@code Retry-After} (not 401, which would send the
     * user to log in again); once the provider is started again, the same token gets
     * {@code acceptedStatus} without a restart of the service.
     */
    public static void tokensWaitForTheProvider(String path, String token, int acceptedStatus) {
        given().get(path).then().statusCode(401);
        given().auth().oauth2(token).get(path).then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("title", equalTo("Service Unavailable"));

        OidcServer.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(token).get(path).then().statusCode(acceptedStatus));
    }
}
