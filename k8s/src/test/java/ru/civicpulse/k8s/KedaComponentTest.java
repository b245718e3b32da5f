package ru.civicpulse.k8s;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.k8s.Rendered.at;
import static ru.civicpulse.k8s.Rendered.list;

/**
 * With the KEDA component switched on in an overlay (as docs/kubernetes.md says), the consumers scale
 * on the lag of exactly the groups they consume with.
 */
class KedaComponentTest {

    @Test
    void consumersScaleOnTheirOwnGroupsLagInsteadOfCpu() throws Exception {
        Rendered r = new Rendered("prod+keda", Kustomize.build(Rendered.withKeda("prod")));
        assertThat(r.names("HorizontalPodAutoscaler")).containsExactly("ingestion-service");
        assertThat(r.names("ScaledObject")).containsExactlyInAnyOrder("classification-service", "reporting-service");

        for (String service : Set.of("classification-service", "reporting-service")) {
            Map<String, Object> so = r.require("ScaledObject", service);
            assertThat(at(so, "spec", "scaleTargetRef", "name")).isEqualTo(service);
            assertThat((Integer) at(so, "spec", "maxReplicaCount")).isLessThanOrEqualTo(6);
            Set<String> triggers = new HashSet<>();
            for (Map<String, Object> t : list(at(so, "spec", "triggers"))) {
                assertThat(t.get("type")).isEqualTo("kafka");
                assertThat(at(t, "metadata", "allowIdleConsumers")).isEqualTo("false");
                r.require("TriggerAuthentication", (String) at(t, "authenticationRef", "name"));
                triggers.add(at(t, "metadata", "topic") + " " + at(t, "metadata", "consumerGroup"));
            }
            Optional<ServiceConfig> config = ServiceConfig.load(service);
            if (config.isPresent()) {
                Set<String> consumed = new HashSet<>();
                config.get().channels().stream().filter(ServiceConfig.Channel::incoming)
                        .forEach(c -> consumed.add(c.topic() + " " + c.group().orElse("?")));
                assertThat(triggers).as(service).isEqualTo(consumed);
            }
        }
        r.require("KafkaUser", "keda-lag-reader");
        // Switched on inside the overlay, the component's objects land in the overlay's namespace
        // and production keeps its floor of three replicas.
        for (String kind : Set.of("ScaledObject", "TriggerAuthentication", "KafkaUser", "ConfigMap")) {
            for (Map<String, Object> o : r.ofKind(kind)) {
                assertThat(Kustomize.metadata(o).get("namespace")).as(kind).isEqualTo("civicpulse");
            }
        }
        for (String service : Set.of("classification-service", "reporting-service")) {
            assertThat(at(r.require("ScaledObject", service), "spec", "minReplicaCount")).isEqualTo(3);
        }
    }
}
