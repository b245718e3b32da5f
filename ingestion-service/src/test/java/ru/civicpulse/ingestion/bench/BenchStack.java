package ru.civicpulse.ingestion.bench;

import ru.civicpulse.testsupport.EmbeddedPostgres;
import ru.civicpulse.testsupport.KafkaBroker;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away PostgreSQL and Kafka broker for running the service and {@link IntakeBenchmark}
 * without the full local stack (no Keycloak: tokens are signed with a key the service is told).
 * Writes {@code <dir>/service.properties} (pass to the service with -Dquarkus.config.locations)
 * and refreshes an ingest-client token in {@code <dir>/token} every minute. Stop it with Ctrl-C.
 */
public final class BenchStack {
    private BenchStack() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        Files.createDirectories(dir);
        String jdbcUrl = EmbeddedPostgres.database("ingestion");
        String kafka = KafkaBroker.bootstrapServers();
        List<String> config = new java.util.ArrayList<>(List.of(
                "quarkus.datasource.jdbc.url=" + jdbcUrl,
                "quarkus.datasource.username=" + EmbeddedPostgres.USER,
                "quarkus.datasource.password=" + EmbeddedPostgres.PASSWORD,
                "kafka.bootstrap.servers=" + kafka));
        for (TestIssuer issuer : TestIssuer.values()) {
            String prefix = "quarkus.oidc." + issuer.tenant() + ".";
            config.add(prefix + "auth-server-url=");
            config.add(prefix + "discovery-enabled=false");
            config.add(prefix + "public-key=" + issuer.publicKeyBase64());
            config.add(prefix + "token.issuer=" + issuer.issuer());
        }
        Files.write(dir.resolve("service.properties"), config);
        System.out.println("JDBC " + jdbcUrl + " user " + EmbeddedPostgres.USER + ", Kafka " + kafka);
        System.out.println("service config: " + dir.resolve("service.properties") + ", token: " + dir.resolve("token"));
        // Tokens live ten minutes: rewrite them every minute until the process is stopped.
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(() -> {
            try {
                Files.writeString(dir.resolve("token"), Tokens.ingestClient());
                Files.writeString(dir.resolve("token-admin"), Tokens.regionAdmin());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 0, 1, java.util.concurrent.TimeUnit.MINUTES);
    }
}
