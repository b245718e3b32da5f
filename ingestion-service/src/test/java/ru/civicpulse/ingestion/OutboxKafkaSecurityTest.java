package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import ru.civicpulse.common.outbox.OutboxRelay;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.OidcResource;
import ru.civicpulse.testsupport.PostgresResource;
import ru.civicpulse.testsupport.TestDatabase;
import ru.civicpulse.testsupport.TestKafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static ru.civicpulse.ingestion.Api.apiId;
import static ru.civicpulse.ingestion.Api.asIngestClient;
import static ru.civicpulse.ingestion.Api.message;
import static ru.civicpulse.ingestion.Api.unique;

/**
 * Against a broker that requires SASL/SCRAM, as the cluster's does: the relay's producer takes
 * the security settings given in {@code kafka.*} (the channels' configuration), so messages
 * leave the outbox. Built from the bootstrap address alone it stayed unauthenticated and the
 * messages stayed in the outbox while readiness said UP.
 */
@QuarkusTest
@TestProfile(OutboxKafkaSecurityTest.Scram.class)
class OutboxKafkaSecurityTest {

    public static class Scram implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresResource.class, Map.of("database", "ingestion_scram")),
                    new TestResourceEntry(OidcResource.class),
                    new TestResourceEntry(ScramKafkaResource.class));
        }
    }

    @Inject
    OutboxRelay relay;

    @Test
    void theRelaysProducerCarriesTheChannelsSecuritySettings() {
        ProducerConfig effective = new ProducerConfig(relay.producerConfig());

        assertThat(effective.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).isEqualTo("SASL_PLAINTEXT");
        assertThat(effective.getString(SaslConfigs.SASL_MECHANISM)).isEqualTo("SCRAM-SHA-512");
        assertThat(effective.getPassword(SaslConfigs.SASL_JAAS_CONFIG)).extracting(Password::value)
                .isEqualTo(ScramKafkaResource.jaas(ScramKafkaResource.USER, ScramKafkaResource.PASSWORD));
        assertThat(effective.getString(ProducerConfig.ACKS_CONFIG)).isIn("all", "-1");
        assertThat(effective.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
    }

    @Test
    void aMessageTakenInReachesTheTopicOfASaslScramBroker() {
        String sourceId = unique("scram");
        asIngestClient().contentType(ContentType.JSON).body(message(sourceId, "Не вывозят мусор во дворе"))
                .post("/api/v1/messages").then().statusCode(202).body("accepted", equalTo(1));
        String key = apiId(sourceId).toString();

        // read as the service's peers would: through the SCRAM listener, with the same settings
        try (KafkaCompanion scram = TestKafka.companion(ScramKafkaResource.saslBootstrap(), ScramKafkaResource.saslClientProperties());
             ConsumerTask<String, String> reader = scram.consumeStrings().fromTopics(Topics.MESSAGES_INGESTED)) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(reader.getRecords()).extracting(ConsumerRecord::key).contains(key));
        }
        TestDatabase.awaitCount("select count(*) from outbox where key = ?", n -> n == 0, Duration.ofSeconds(30), key);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    }
}
