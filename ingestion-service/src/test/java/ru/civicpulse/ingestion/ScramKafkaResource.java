package ru.civicpulse.ingestion;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import ru.civicpulse.testsupport.FreePorts;
import ru.civicpulse.testsupport.TestKafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second real broker whose clients' listener requires SASL/SCRAM-SHA-512, as the cluster's
 * Strimzi listener does; a plaintext listener beside it is used only to create the SCRAM user
 * before anyone can authenticate. The service gets only the SCRAM listener and the credentials,
 * in {@code kafka.*}; the test reads through the same listener with the same settings.
 */
public class ScramKafkaResource implements QuarkusTestResourceLifecycleManager {
    static final String USER = "ingestion-service";
    static final String PASSWORD = "test-only-scram-password";
    private static int saslPort;
    private EmbeddedKafkaBroker broker;

    /** The SCRAM listener. */
    static String saslBootstrap() {
        return "127.0.0.1:" + saslPort;
    }

    /** What a client of the SCRAM listener needs besides its address. */
    static Map<String, Object> saslClientProperties() {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, jaas(USER, PASSWORD));
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public Map<String, String> start() {
        int plainPort = FreePorts.next();
        saslPort = FreePorts.next();
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
        try (KafkaCompanion plain = TestKafka.companion("127.0.0.1:" + plainPort, Map.of())) {
            plain.getOrCreateAdminClient().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the SCRAM user", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", saslBootstrap());
        saslClientProperties().forEach((key, value) -> config.put("kafka." + key, value.toString()));
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
