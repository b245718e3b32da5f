package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import ru.civicpulse.common.outbox.OutboxRelay;
import ru.civicpulse.testsupport.KafkaBroker;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's producer takes the security settings given to the SmallRye channels ({@code kafka.*},
 * as the Kubernetes manifests set them): a producer built from the bootstrap address alone would
 * leave messages in the outbox of a SASL/SCRAM cluster.
 */
@QuarkusTest
@TestProfile(OutboxKafkaSecurityTest.Scram.class)
class OutboxKafkaSecurityTest {
    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"ingestion-service\" password=\"test-only-password\";";

    public static class Scram implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.security.protocol", "SASL_PLAINTEXT",
                    "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.sasl.jaas.config", JAAS,
                    // the test broker speaks plaintext: this replica must not take other tests' rows
                    "civicpulse.outbox.enabled", "false");
        }
    }

    @Inject
    OutboxRelay relay;

    @Test
    void theRelaysProducerCarriesTheChannelsSecuritySettings() {
        ProducerConfig effective = new ProducerConfig(relay.producerConfig());

        assertThat(effective.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).isEqualTo("SASL_PLAINTEXT");
        assertThat(effective.getString(SaslConfigs.SASL_MECHANISM)).isEqualTo("SCRAM-SHA-512");
        assertThat(effective.getPassword(SaslConfigs.SASL_JAAS_CONFIG)).extracting(Password::value).isEqualTo(JAAS);
        assertThat(effective.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo(List.of(KafkaBroker.bootstrapServers()));
        assertThat(effective.getString(ProducerConfig.ACKS_CONFIG)).isIn("all", "-1");
        assertThat(effective.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
    }
}
