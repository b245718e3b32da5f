package ru.civicpulse.ingestion;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import ru.civicpulse.testsupport.FreePorts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second real broker whose clients' listener requires SASL/SCRAM-SHA-512, as the cluster's
 * Strimzi listener does; a plaintext listener beside it lets the test read what arrived. The
 * service gets only the SCRAM listener and the credentials, in {@code kafka.*}.
 */
public class ScramKafkaResource implements QuarkusTestResourceLifecycleManager {
    static final String USER = "ingestion-service";
    static final String PASSWORD = "test-only-scram-password";
    private static int plainPort;
    private EmbeddedKafkaBroker broker;

    /** The listener without authentication, for the test's own reader. */
    static String plaintextBootstrap() {
        return "127.0.0.1:" + plainPort;
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public Map<String, String> start() {
        plainPort = FreePorts.next();
        int saslPort = FreePorts.next();
        broker = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(plainPort)
                .withControllerPort(FreePorts.next())
                .withAdvertisedListeners(
                        EmbeddedKafkaBroker.endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", plainPort),
                        EmbeddedKafkaBroker.endpoint("SASL", SecurityProtocol.SASL_PLAINTEXT, "127.0.0.1", saslPort))
                .withAdditionalProperties(p -> {
                    p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
                    p.setProperty("listener.name.sasl.scram-sha-512.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                    p.setProperty("auto.create.topics.enable", "true");
                    p.setProperty("offsets.topic.replication.factor", "1");
                    p.setProperty("transaction.state.log.replication.factor", "1");
                    p.setProperty("transaction.state.log.min.isr", "1");
                })
                .start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintextBootstrap()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the SCRAM user", e);
        }
        return Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:" + saslPort,
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", jaas(USER, PASSWORD),
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
