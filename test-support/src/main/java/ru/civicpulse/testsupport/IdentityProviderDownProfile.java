package ru.civicpulse.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * A test profile in which the service starts while its identity provider ({@link OidcServer}) is
 * down, as after a restart during a Keycloak outage; a test starts the provider with
 * {@link OidcServer#start()}. PostgreSQL and Kafka are the module's usual ones. Tenants are
 * connected again every second, so a test waits little once the provider is back.
 * A service subclasses it with its database name.
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
}
