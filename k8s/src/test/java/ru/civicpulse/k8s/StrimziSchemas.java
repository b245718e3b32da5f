package ru.civicpulse.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The {@code openAPIV3Schema} of Strimzi's custom resources at {@code kafka.strimzi.io/v1}, as the
 * operator publishes them: generated from Strimzi's own API model ({@code io.strimzi:api}, a test
 * dependency; its jar carries the model, not the YAML) by Strimzi's CRD generator, the tool that
 * produces the operator's installation files. Nothing of the CRDs is kept in this repository.
 *
 * <p>Validation is as strict as {@code kubectl apply} with server-side field validation
 * ({@code --validate=strict}, kubectl's default): a field the schema does not know is an error,
 * except under {@code x-kubernetes-preserve-unknown-fields} (e.g. {@code spec.kafka.config}).
 */
final class StrimziSchemas {

    static final String API_VERSION = "kafka.strimzi.io/v1";

    /** Kind to the model class the CRD is generated from. */
    static final Map<String, String> MODELS = Map.of(
            "Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
            "KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
            "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic",
            "KafkaUser", "io.strimzi.api.kafka.model.user.KafkaUser");

    private static StrimziSchemas instance;

    private final Map<String, JsonSchema> schemas = new LinkedHashMap<>();
    private final Map<String, JsonNode> crds = new LinkedHashMap<>();

    private StrimziSchemas(Path dir) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        MODELS.keySet().forEach(kind -> {
            JsonNode crd = read(dir.resolve(kind + ".yaml"));
            crds.put(kind, crd);
            JsonNode v1 = null;
            for (JsonNode version : crd.path("spec").path("versions")) {
                if ("v1".equals(version.path("name").asText())) {
                    v1 = version.path("schema").path("openAPIV3Schema").deepCopy();
                }
            }
            if (v1 == null) {
                throw new IllegalStateException(kind + ": the generated CRD does not serve v1");
            }
            closeObjects(v1);
            schemas.put(kind, factory.getSchema(v1));
        });
    }

    static synchronized StrimziSchemas get() {
        if (instance == null) {
            instance = new StrimziSchemas(generate());
        }
        return instance;
    }

    /** The generated CustomResourceDefinition of a kind. */
    JsonNode crd(String kind) {
        return crds.get(kind);
    }

    /** Schema violations of one rendered resource, as readable lines; empty when it is valid. */
    Set<String> violations(Map<String, Object> resource) {
        String kind = (String) resource.get("kind");
        JsonSchema schema = schemas.get(kind);
        if (schema == null) {
            throw new IllegalArgumentException("no Strimzi schema for kind " + kind);
        }
        JsonNode node = Kustomize.YAML.valueToTree(resource);
        Set<String> out = new TreeSet<>();
        for (ValidationMessage m : schema.validate(node)) {
            out.add(m.getMessage());
        }
        return out;
    }

    /**
     * Objects that list their properties accept no others, as the API server with strict field
     * validation; objects marked to keep unknown fields (free-form config maps) stay open.
     */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if ("object".equals(o.path("type").asText()) && o.has("properties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                    && !o.has("additionalProperties")) {
                o.set("additionalProperties", BooleanNode.FALSE);
            }
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            closeObjects(it.next());
        }
    }

    /** Runs Strimzi's CRD generator once per build (in its own JVM: it exits when done). */
    private static Path generate() {
        Path dir = Rendered.K8S.resolve("target/strimzi-crds");
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"),
                    "io.strimzi.crdgenerator.CrdGenerator",
                    "--yaml", "--crd-api-version", "v1", "--api-versions", "v1", "--storage-version", "v1"));
            MODELS.forEach((kind, model) -> command.add(model + "=" + dir.resolve(kind + ".yaml")));
            Path log = dir.resolve("generator.log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Strimzi CRD generator failed: " + Files.readString(log));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Kustomize.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
