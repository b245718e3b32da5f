package ru.civicpulse.k8s;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.k8s.Rendered.at;
import static ru.civicpulse.k8s.Rendered.list;

/** Production survives the loss of a node: replicas spread, Kafka and PostgreSQL replicated. */
class ProdOverlayTest {

    private final Rendered prod = Rendered.overlay("prod");
    private final Rendered dev = Rendered.overlay("dev");

    @Test
    void threeReplicasOfEachServiceOnDifferentNodes() {
        for (String s : Rendered.SERVICES) {
            Map<String, Object> d = prod.require("Deployment", s);
            assertThat(at(d, "spec", "replicas")).as(s).isEqualTo(3);
            assertThat(at(prod.require("HorizontalPodAutoscaler", s), "spec", "minReplicas")).as(s).isEqualTo(3);
            List<Map<String, Object>> antiAffinity = list(at(d, "spec", "template", "spec", "affinity",
                    "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"));
            assertThat(antiAffinity).as(s).anySatisfy(term -> {
                assertThat(term.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
                assertThat(at(term, "labelSelector", "matchLabels"))
                        .isEqualTo(at(d, "spec", "selector", "matchLabels"));
            });
            assertThat((String) Rendered.containers(d).get(0).get("image")).as(s)
                    .isEqualTo("ghcr.io/civicpulse/" + s + ":0.1.0-native");
        }
    }

    @Test
    void kafkaHasThreeNodesReplicationThreeAndMinInsyncTwo() {
        int controllers = 0;
        int brokers = 0;
        for (Map<String, Object> pool : prod.ofKind("KafkaNodePool")) {
            int replicas = (Integer) at(pool, "spec", "replicas");
            List<?> roles = (List<?>) at(pool, "spec", "roles");
            controllers += roles.contains("controller") ? replicas : 0;
            brokers += roles.contains("broker") ? replicas : 0;
        }
        assertThat(controllers).isEqualTo(3);
        assertThat(brokers).isEqualTo(3);
        Map<?, ?> config = (Map<?, ?>) at(prod.require("Kafka", "civicpulse"), "spec", "kafka", "config");
        assertThat(config.get("default.replication.factor")).isEqualTo(3);
        assertThat(config.get("min.insync.replicas")).isEqualTo(2);
        assertThat(config.get("offsets.topic.replication.factor")).isEqualTo(3);
        assertThat(config.get("transaction.state.log.replication.factor")).isEqualTo(3);
        assertThat(config.get("transaction.state.log.min.isr")).isEqualTo(2);
        // No topic overrides the cluster's replication with less.
        for (Map<String, Object> topic : prod.ofKind("KafkaTopic")) {
            assertThat(at(topic, "spec", "replicas")).isIn(null, 3);
            assertThat(at(topic, "spec", "config", "min.insync.replicas")).isIn(null, 2);
        }
        assertThat(at(prod.require("Cluster", "civicpulse-db"), "spec", "instances")).isEqualTo(3);
    }

    @Test
    void devRunsOneOfEverything() {
        for (String s : Rendered.SERVICES) {
            assertThat(at(dev.require("Deployment", s), "spec", "replicas")).as(s).isEqualTo(1);
            assertThat((String) Rendered.containers(dev.require("Deployment", s)).get(0).get("image"))
                    .isEqualTo("ghcr.io/civicpulse/" + s + ":0.1.0");
        }
        assertThat(dev.ofKind("KafkaNodePool")).extracting(p -> at(p, "spec", "replicas")).containsExactly(1);
        assertThat(at(dev.require("Kafka", "civicpulse"), "spec", "kafka", "config", "default.replication.factor"))
                .isEqualTo(1);
    }
}
