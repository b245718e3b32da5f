package ru.civicpulse.k8s;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.k8s.Rendered.at;
import static ru.civicpulse.k8s.Rendered.list;
import static ru.civicpulse.k8s.Rendered.map;

/** What every overlay must give each service: health, limits, hardening, availability, reachability. */
@SuppressWarnings("unchecked")
class OverlayPolicyTest {

    static Stream<Rendered> overlays() {
        return Rendered.OVERLAYS.stream().map(Rendered::overlay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceHasItsResources(Rendered r) {
        for (String s : Rendered.SERVICES) {
            for (String kind : List.of("Deployment", "Service", "ServiceAccount", "ConfigMap",
                    "PodDisruptionBudget", "HorizontalPodAutoscaler")) {
                r.require(kind, s);
            }
            assertThat(at(r.require("PodDisruptionBudget", s), "spec", "selector", "matchLabels"))
                    .isEqualTo(Map.of("app.kubernetes.io/name", s));
            Map<String, Object> hpa = r.require("HorizontalPodAutoscaler", s);
            assertThat(at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(s);
            assertThat((Integer) at(hpa, "spec", "maxReplicas")).as("HPA max of %s (partitions: 6)", s).isLessThanOrEqualTo(6);
            assertThat(list(at(hpa, "spec", "metrics"))).extracting(m -> at(m, "resource", "name")).contains("cpu");
        }
        assertThat(r.ofKind("Deployment")).hasSize(Rendered.SERVICES.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyDeploymentIsProbedLimitedAndHardened(Rendered r) {
        for (Map<String, Object> d : r.ofKind("Deployment")) {
            String name = (String) Kustomize.metadata(d).get("name");
            Map<String, Object> pod = map(at(d, "spec", "template", "spec"));
            assertThat(at(pod, "securityContext", "runAsNonRoot")).as(name).isEqualTo(true);
            assertThat(at(pod, "securityContext", "seccompProfile", "type")).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.get("automountServiceAccountToken")).as(name).isEqualTo(false);
            for (Map<String, Object> c : Rendered.containers(d)) {
                assertThat(at(c, "startupProbe", "httpGet", "path")).as(name).isEqualTo("/q/health/started");
                assertThat(at(c, "livenessProbe", "httpGet", "path")).as(name).isEqualTo("/q/health/live");
                assertThat(at(c, "readinessProbe", "httpGet", "path")).as(name).isEqualTo("/q/health/ready");
                for (String bound : List.of("requests", "limits")) {
                    assertThat(map(at(c, "resources", bound))).as(name + " " + bound).containsKeys("cpu", "memory");
                }
                Map<String, Object> sc = map(c.get("securityContext"));
                assertThat(sc.get("readOnlyRootFilesystem")).as(name).isEqualTo(true);
                assertThat(sc.get("allowPrivilegeEscalation")).as(name).isEqualTo(false);
                assertThat((List<Object>) at(sc, "capabilities", "drop")).as(name).contains("ALL");
                // The read-only root needs a writable /tmp, and it must be an emptyDir.
                String tmpVolume = list(c.get("volumeMounts")).stream()
                        .filter(m -> "/tmp".equals(m.get("mountPath"))).map(m -> (String) m.get("name"))
                        .findFirst().orElseThrow(() -> new AssertionError(name + " has no /tmp mount"));
                assertThat(list(pod.get("volumes"))).as(name)
                        .anySatisfy(v -> {
                            assertThat(v.get("name")).isEqualTo(tmpVolume);
                            assertThat(v).containsKey("emptyDir");
                        });
                assertThat(list(c.get("ports"))).extracting(p -> p.get("containerPort")).containsExactly(8080);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesArePinned(Rendered r) {
        List<Map<String, Object>> containers = r.allContainers();
        assertThat(containers).isNotEmpty();
        for (Map<String, Object> c : containers) {
            String image = (String) c.get("image");
            String name = Kustomize.imageName(image);
            String tag = image.substring(name.length());
            assertThat(tag).as(image + " carries a tag or digest").matches("(:[\\w][\\w.-]*)?(@sha256:[0-9a-f]{64})?")
                    .isNotEmpty();
            assertThat(tag).as(image).doesNotContain(":latest");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkIsDeniedByDefaultAndOpenedPerFlow(Rendered r) {
        Map<String, Object> deny = r.require("NetworkPolicy", "default-deny");
        assertThat(map(at(deny, "spec", "podSelector"))).isEmpty();
        assertThat((List<Object>) at(deny, "spec", "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(map(at(deny, "spec"))).doesNotContainKeys("ingress", "egress");

        Map<String, Object> serviceLabels = Map.of("app.kubernetes.io/part-of", "civicpulse",
                "app.kubernetes.io/component", "service");
        for (Map<String, Object> d : r.ofKind("Deployment")) {
            assertThat(map(at(d, "spec", "template", "metadata", "labels"))).containsAllEntriesOf(serviceLabels);
        }
        List<Map<String, Object>> forServices = r.ofKind("NetworkPolicy").stream()
                .filter(p -> serviceLabels.equals(at(p, "spec", "podSelector", "matchLabels"))).toList();
        assertThat(ingressPorts(forServices, "ingress-nginx")).contains(8080);
        assertThat(ingressPorts(forServices, "monitoring")).contains(8080);
        List<Object> egressPorts = new ArrayList<>();
        forServices.forEach(p -> list(at(p, "spec", "egress"))
                .forEach(e -> list(e.get("ports")).forEach(port -> egressPorts.add(port.get("port")))));
        assertThat(egressPorts).as("Kafka (TLS only), PostgreSQL, Keycloak").contains(9093, 5432, 8080, 8443)
                .doesNotContain(9092);
    }

    private static List<Object> ingressPorts(List<Map<String, Object>> policies, String namespace) {
        List<Object> ports = new ArrayList<>();
        for (Map<String, Object> p : policies) {
            for (Map<String, Object> rule : list(at(p, "spec", "ingress"))) {
                boolean fromNamespace = list(rule.get("from")).stream().anyMatch(f ->
                        namespace.equals(at(f, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")));
                if (fromNamespace) {
                    list(rule.get("ports")).forEach(port -> ports.add(port.get("port")));
                }
            }
        }
        return ports;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void ingressRoutesEveryApiPrefixToItsService(Rendered r) {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("intake./api/v1/messages", "ingestion-service"),
                Map.entry("intake./api/v1/imports", "ingestion-service"),
                Map.entry("intake./webhooks", "ingestion-service"),
                Map.entry("api./api/v1/models", "classification-service"),
                Map.entry("api./api/v1/classify", "classification-service"),
                Map.entry("api./api/v1/taxonomy", "classification-service"),
                Map.entry("api./api/v1/reclassify", "classification-service"),
                Map.entry("api./api/v1/analytics", "reporting-service"),
                Map.entry("api./api/v1/incidents", "reporting-service"),
                Map.entry("api./api/v1/reports", "reporting-service"),
                Map.entry("api./api/v1/external-stats", "reporting-service"),
                Map.entry("api./api/v1/messages", "reporting-service"),
                Map.entry("api./api/v1/workspace", "reporting-service"),
                Map.entry("api./api/v1/me", "reporting-service"),
                Map.entry("api./api/v1/briefs", "reporting-service"),
                Map.entry("api./api/v1/executors", "reporting-service"),
                Map.entry("api./api/v1/routing", "reporting-service"),
                Map.entry("api./api/v1/read-model", "reporting-service"),
                Map.entry("api./open311", "reporting-service"),
                Map.entry("api./dashboard", "reporting-service"));
        Map<String, String> routes = new java.util.HashMap<>();
        for (Map<String, Object> ingress : r.ofKind("Ingress")) {
            for (Map<String, Object> rule : list(at(ingress, "spec", "rules"))) {
                String host = (String) rule.get("host");
                String prefix = host.substring(0, host.indexOf('.') + 1);
                for (Map<String, Object> path : list(at(rule, "http", "paths"))) {
                    String previous = routes.put(prefix + path.get("path"), (String) at(path, "backend", "service", "name"));
                    assertThat(previous).as("one backend per host and path: " + host + path.get("path")).isNull();
                }
            }
        }
        assertThat(routes).containsAllEntriesOf(expected);
        assertThat(routes.values()).allMatch(s -> r.get("Service", s).isPresent()
                || s.equals("civicpulse-keycloak-service"), "routes only to existing Services");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void noSecretValueIsCommittedAndEverySecretIsDocumented(Rendered r) throws IOException {
        assertThat(r.ofKind("Secret")).as("Secrets are created in the cluster, never rendered").isEmpty();
        String example = Files.readString(Rendered.K8S.resolve("secrets.example.env"));
        for (Map<String, Object> d : r.ofKind("Deployment")) {
            for (Map<String, Object> env : list(Rendered.containers(d).get(0).get("env"))) {
                Map<String, Object> ref = map(at(env, "valueFrom", "secretKeyRef"));
                if (ref.isEmpty()) {
                    continue;
                }
                String secret = (String) ref.get("name");
                if (Rendered.SERVICES.contains(secret)) {
                    assertThat(r.get("KafkaUser", secret)).as("Strimzi makes Secret " + secret).isPresent();
                } else if (secret.equals("civicpulse-secrets")) {
                    assertThat(example).as("documented key").containsPattern("(?m)^" + ref.get("key") + "=$");
                } else {
                    assertThat(example).as("documented Secret").contains(secret);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaIsKraftWithNodePools(Rendered r) {
        Map<String, Object> kafka = r.require("Kafka", "civicpulse");
        assertThat(at(kafka, "spec", "zookeeper")).isNull();
        Set<Object> roles = new java.util.HashSet<>();
        r.ofKind("KafkaNodePool").forEach(p -> roles.addAll((List<?>) at(p, "spec", "roles")));
        assertThat(roles).contains("controller", "broker");
        assertThat(at(kafka, "spec", "kafka", "config", "auto.create.topics.enable")).isEqualTo(false);
    }
}
