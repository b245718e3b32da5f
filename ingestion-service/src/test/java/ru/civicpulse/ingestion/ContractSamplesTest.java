package ru.civicpulse.ingestion;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Samples;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.civicpulse.ingestion.Api.apiId;
import static ru.civicpulse.ingestion.Api.asIngestClient;
import static ru.civicpulse.ingestion.Api.unique;

/** What ingestion publishes is what the contract describes: the shared samples and the JSON Schema. */
@QuarkusTest
class ContractSamplesTest {

    private static JsonSchema ingestedSchema() throws Exception {
        try (InputStream in = MessageIngested.class.getResourceAsStream("/schemas/message-ingested.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(EventJson.mapper().readTree(in),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
    }

    @Test
    void sampleIngestedEventsParseAndPublishedEventsMatchTheSchema() throws Exception {
        JsonSchema schema = ingestedSchema();
        for (String sample : Samples.ALL) {
            if (Samples.typeOf(sample) == MessageIngested.class) {
                MessageIngested event = Samples.read(sample, MessageIngested.class);
                assertThat(event.messageId()).isNotNull();
                assertThat(schema.validate(Samples.tree(sample))).as(sample).isEmpty();
            }
        }

        String id = unique("schema");
        asIngestClient().contentType(ContentType.JSON).body("""
                {"source": "API", "sourceMessageId": "%s", "kind": "COMMENT", "municipality": "voronezh",
                 "publishedAt": "2026-03-01T09:30:00+03:00", "text": "Третий день нет горячей воды, звонила на 8 473 222 33 44",
                 "inReplyTo": "parent-1", "authorId": "42", "channelId": "club-1000001", "url": "https://vk.com/wall-1_1",
                 "geo": {"lat": 51.67, "lon": 39.18}, "address": "ул. Хользунова, 40",
                 "attachments": [{"type": "photo", "url": "https://vk.com/photo-1_1"}]}
                """.formatted(id)).post("/api/v1/messages").then().statusCode(202);
        try (TopicProbe probe = new TopicProbe(List.of(apiId(id)))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events()).hasSize(1));
            var published = EventJson.mapper().valueToTree(probe.events().get(0));
            assertThat(schema.validate(published)).isEmpty();
        }
    }
}
