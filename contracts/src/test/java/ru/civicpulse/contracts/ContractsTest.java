package ru.civicpulse.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ContractsTest {
    static final java.util.List<String> SAMPLES = Samples.ALL;

    private static JsonSchema schema(String resource) throws Exception {
        try (InputStream in = ContractsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(EventJson.mapper().readTree(in), config);
        }
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void everySampleValidatesAgainstItsSchema(String sample) throws Exception {
        Set<ValidationMessage> errors = schema(Samples.schemaOf(sample)).validate(Samples.tree(sample));
        assertThat(errors).as(sample).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void everySampleRoundTripsThroughItsRecordUnchanged(String sample) throws Exception {
        Event event = Samples.read(sample, Samples.typeOf(sample));
        JsonNode written = EventJson.mapper().valueToTree(event);
        assertThat(written).as(sample).isEqualTo(Samples.tree(sample));
        assertThat(event.eventType()).isEqualTo(Samples.tree(sample).path("eventType").asText());
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void whatTheRecordsWriteValidatesToo(String sample) throws Exception {
        Event event = Samples.read(sample, Samples.typeOf(sample));
        assertThat(schema(Samples.schemaOf(sample)).validate(EventJson.mapper().valueToTree(event))).isEmpty();
    }

    @Test
    void schemasRejectBrokenEvents() throws Exception {
        JsonSchema ingested = schema("/schemas/message-ingested.schema.json");
        ObjectNode noText = (ObjectNode) Samples.tree("message-ingested.vk-comment.json").deepCopy();
        noText.remove("text");
        ObjectNode badKind = (ObjectNode) Samples.tree("message-ingested.vk-comment.json").deepCopy();
        badKind.put("kind", "TWEET");
        ObjectNode badId = (ObjectNode) Samples.tree("message-ingested.vk-comment.json").deepCopy();
        badId.put("messageId", "not-a-uuid");
        assertThat(ingested.validate(noText)).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("text"));
        assertThat(ingested.validate(badKind)).isNotEmpty();
        assertThat(ingested.validate(badId)).isNotEmpty();

        ObjectNode unknownField = (ObjectNode) Samples.tree("report-published.json").deepCopy();
        unknownField.put("surprise", true);
        assertThat(schema("/schemas/report-published.schema.json").validate(unknownField)).isNotEmpty();

        JsonSchema workflow = schema("/schemas/incident-state-changed.schema.json");
        ObjectNode unknownState = (ObjectNode) Samples.tree("incident-state-changed.json").deepCopy();
        unknownState.put("toState", "REOPENED");
        ObjectNode noSequence = (ObjectNode) Samples.tree("incident-state-changed.json").deepCopy();
        noSequence.remove("sequence");
        assertThat(workflow.validate(unknownState)).isNotEmpty();
        assertThat(workflow.validate(noSequence)).isNotEmpty();
    }

    @Test
    void theSourceExecutorIsOptionalAndBounded() throws Exception {
        // events written before the field existed still read, with no executor
        assertThat(Samples.read("message-ingested.import-minimal.json", MessageIngested.class).sourceExecutor()).isNull();
        assertThat(Samples.read("message-classified.vk-comment.json", MessageClassified.class).sourceExecutor()).isNull();
        assertThat(Samples.read("message-ingested.pos-executor.json", MessageIngested.class).sourceExecutor())
                .isEqualTo("Управа Коминтерновского района городского округа город Воронеж");

        for (String name : List.of("message-ingested", "message-classified")) {
            JsonSchema schema = schema("/schemas/" + name + ".schema.json");
            ObjectNode sample = (ObjectNode) Samples.tree(name + ".pos-executor.json");
            assertThat(schema.validate(sample.deepCopy().put("sourceExecutor",
                    "у".repeat(MessageIngested.MAX_SOURCE_EXECUTOR_LENGTH)))).as(name).isEmpty();
            assertThat(schema.validate(sample.deepCopy().put("sourceExecutor",
                    "у".repeat(MessageIngested.MAX_SOURCE_EXECUTOR_LENGTH + 1)))).as(name).isNotEmpty();
            assertThat(schema.validate(sample.deepCopy().put("sourceExecutor", ""))).as(name).isNotEmpty();
        }
    }

    @Test
    void messageIdsAreStableAndSourceScoped() {
        assertThat(MessageIds.of(Source.VK, "club-1000001:wall-1000001_4821_c9917"))
                .isEqualTo(Samples.read("message-ingested.vk-comment.json", MessageIngested.class).messageId());
        assertThat(MessageIds.of(Source.VK, "42")).isEqualTo(MessageIds.of(Source.VK, "42"));
        assertThat(MessageIds.of(Source.VK, "42")).isNotEqualTo(MessageIds.of(Source.TELEGRAM, "42"));
    }

    @Test
    void deadLetterTopicsFollowTheNamingRule() {
        assertThat(Topics.deadLetter(Topics.MESSAGES_INGESTED, "classification"))
                .isEqualTo("civic.messages.ingested.v1.dlq.classification");
    }
}
