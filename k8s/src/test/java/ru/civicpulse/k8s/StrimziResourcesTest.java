package ru.civicpulse.k8s;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Strimzi resource is written at {@code kafka.strimzi.io/v1} (Strimzi 1.0 no longer serves
 * v1beta2) and is accepted by the v1 schema of Strimzi's CRDs, in every overlay, with and without
 * the KEDA component.
 */
class StrimziResourcesTest {

    @Test
    void everyStrimziResourceIsV1AndValidAgainstTheOperatorsSchema() throws Exception {
        List<Rendered> renders = new ArrayList<>();
        for (String overlay : Rendered.OVERLAYS) {
            renders.add(Rendered.overlay(overlay));
            renders.add(new Rendered(overlay + "+keda", Kustomize.build(Rendered.withKeda(overlay))));
        }
        StrimziSchemas schemas = StrimziSchemas.get();
        Map<String, Object> problems = new LinkedHashMap<>();
        int checked = 0;
        for (Rendered r : renders) {
            for (Map<String, Object> resource : r.resources()) {
                String apiVersion = (String) resource.get("apiVersion");
                if (!apiVersion.startsWith("kafka.strimzi.io/")) {
                    continue;
                }
                String id = r.name() + " " + resource.get("kind") + "/" + Kustomize.metadata(resource).get("name");
                assertThat(apiVersion).as(id).isEqualTo(StrimziSchemas.API_VERSION);
                var violations = schemas.violations(resource);
                if (!violations.isEmpty()) {
                    problems.put(id, violations);
                }
                checked++;
            }
        }
        assertThat(problems).as("schema violations").isEmpty();
        // Kafka, one node pool, 8 topics, 3 users per overlay; the KEDA lag reader in the +keda renders.
        assertThat(checked).isEqualTo(2 * (13 + 14));
        System.out.printf("Strimzi v1 schema: %d resources valid%n", checked);
    }

    @Test
    void theSchemaRejectsWhatStrimziOneNoLongerAccepts() {
        StrimziSchemas schemas = StrimziSchemas.get();
        // v1beta2's single "operation" of a KafkaUser ACL is gone in v1 (only "operations").
        Map<String, Object> user = Map.of("apiVersion", StrimziSchemas.API_VERSION, "kind", "KafkaUser",
                "metadata", Map.of("name", "legacy"),
                "spec", Map.of("authentication", Map.of("type", "scram-sha-512"),
                        "authorization", Map.of("type", "simple", "acls", List.of(Map.of(
                                "resource", Map.of("type", "topic", "name", "t"), "operation", "Write")))));
        assertThat(schemas.violations(user)).anySatisfy(v -> assertThat(v).contains("operation"));
        // ZooKeeper-based clusters: no spec.zookeeper in v1.
        Map<String, Object> kafka = Map.of("apiVersion", StrimziSchemas.API_VERSION, "kind", "Kafka",
                "metadata", Map.of("name", "zk"),
                "spec", Map.of("kafka", Map.of("listeners", List.of(Map.of("name", "plain", "port", 9092,
                                "type", "internal", "tls", false))),
                        "zookeeper", Map.of("replicas", 3)));
        assertThat(schemas.violations(kafka)).anySatisfy(v -> assertThat(v).contains("zookeeper"));
        // A typo in a listener is caught, as kubectl's strict field validation would.
        Map<String, Object> typo = Map.of("apiVersion", StrimziSchemas.API_VERSION, "kind", "Kafka",
                "metadata", Map.of("name", "typo"),
                "spec", Map.of("kafka", Map.of("listeners", List.of(Map.of("name", "plain", "port", 9092,
                        "type", "internal", "tsl", true)))));
        assertThat(schemas.violations(typo)).anySatisfy(v -> assertThat(v).contains("tsl"));
    }
}
