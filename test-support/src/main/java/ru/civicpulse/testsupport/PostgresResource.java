package ru.civicpulse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: a real PostgreSQL and a database for the service under test
 * (init arg {@code database}, default {@code app}).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        String url = EmbeddedPostgres.database(database);
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", EmbeddedPostgres.USER,
                "quarkus.datasource.password", EmbeddedPostgres.PASSWORD,
                "quarkus.datasource.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // The server lives as long as the test JVM, shared by every test class.
    }
}
