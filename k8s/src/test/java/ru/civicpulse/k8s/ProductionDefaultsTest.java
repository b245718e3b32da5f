package ru.civicpulse.k8s;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.k8s.Rendered.at;
import static ru.civicpulse.k8s.Rendered.list;
import static ru.civicpulse.k8s.Rendered.map;

/**
 * What a production installation must not get by default: clear-text Kafka, a password-grant
 * client, a public admin console, shared secrets, known passwords, Swagger UI.
 */
class ProductionDefaultsTest {

    static Stream<Rendered> overlays() {
        return Rendered.OVERLAYS.stream().map(Rendered::overlay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesReachKafkaOnlyOverTlsAndTrustTheClusterCa(Rendered r) {
        List<Map<String, Object>> listeners = list(at(r.require("Kafka", "civicpulse"), "spec", "kafka", "listeners"));
        assertThat(listeners).isNotEmpty().allSatisfy(l -> {
            assertThat(l.get("tls")).as("listener " + l.get("name")).isEqualTo(true);
            assertThat(at(l, "authentication", "type")).isEqualTo("scram-sha-512");
        });
        Set<Object> tlsPorts = new HashSet<>();
        listeners.forEach(l -> tlsPorts.add(l.get("port")));
        for (String service : Rendered.SERVICES) {
            Map<String, String> env = r.environment(service);
            assertThat(env).as(service).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsKeys("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_PASSWORD");
            String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(tlsPorts).as(service + " " + bootstrap)
                    .contains(Integer.valueOf(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
            // The truststore file the service is told about is the mounted cluster CA.
            Map<String, Object> deployment = r.require("Deployment", service);
            String truststore = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
            Map<String, Object> mount = list(Rendered.containers(deployment).get(0).get("volumeMounts")).stream()
                    .filter(m -> truststore.startsWith(m.get("mountPath") + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(service + ": " + truststore + " is not mounted"));
            Map<String, Object> volume = list(at(deployment, "spec", "template", "spec", "volumes")).stream()
                    .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
            assertThat(at(volume, "secret", "secretName")).isEqualTo("civicpulse-cluster-ca-cert");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void noPasswordGrantClientInTheClusterRealms(Rendered r) {
        for (Map<String, Object> realmImport : r.ofKind("KeycloakRealmImport")) {
            for (Map<String, Object> client : list(at(realmImport, "spec", "realm", "clients"))) {
                String id = (String) client.get("clientId");
                assertThat(ServiceWiringTest.LOCAL_ONLY_CLIENTS).as("realm import").doesNotContain(id);
                assertThat(client.get("directAccessGrantsEnabled")).as(id + " password grant").isNotEqualTo(true);
                assertThat(client.get("publicClient")).as(id + " public").isNotEqualTo(true);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void keycloaksAdminConsoleIsNotPublic(Rendered r) {
        List<String> keycloakPaths = new ArrayList<>();
        for (Map<String, Object> ingress : r.ofKind("Ingress")) {
            for (Map<String, Object> rule : list(at(ingress, "spec", "rules"))) {
                for (Map<String, Object> path : list(at(rule, "http", "paths"))) {
                    if ("civicpulse-keycloak-service".equals(at(path, "backend", "service", "name"))) {
                        keycloakPaths.add((String) path.get("path"));
                    }
                }
            }
        }
        // Login pages, tokens and keys (under /realms) and the login pages' static files are public;
        // nothing else is, so neither "/" nor "/admin" (the admin console) is routed.
        assertThat(keycloakPaths).contains("/realms").allMatch(p -> p.equals("/realms") || p.equals("/resources"),
                "only /realms and /resources");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void keycloakPeersReachEachOthersClusterPorts(Rendered r) {
        Map<String, Object> policy = r.require("NetworkPolicy", "keycloak");
        Map<String, Object> peers = Map.of("app", "keycloak");
        Set<Object> in = new HashSet<>();
        for (Map<String, Object> rule : list(at(policy, "spec", "ingress"))) {
            if (list(rule.get("from")).stream().anyMatch(f -> peers.equals(at(f, "podSelector", "matchLabels")))) {
                list(rule.get("ports")).forEach(p -> in.add(p.get("port")));
            }
        }
        Set<Object> out = new HashSet<>();
        for (Map<String, Object> rule : list(at(policy, "spec", "egress"))) {
            if (list(rule.get("to")).stream().anyMatch(f -> peers.equals(at(f, "podSelector", "matchLabels")))) {
                list(rule.get("ports")).forEach(p -> out.add(p.get("port")));
            }
        }
        // JGroups data (7800) and its failure detection (57800), both ways.
        assertThat(in).contains(7800, 57800);
        assertThat(out).contains(7800, 57800);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void dashboardSecretsArePerRealmAndTheSessionKeyIsItsOwn(Rendered r) {
        Map<String, Object> reporting = Rendered.containers(r.require("Deployment", "reporting-service")).get(0);
        Map<String, String> keys = new java.util.HashMap<>();
        for (Map<String, Object> e : list(reporting.get("env"))) {
            if (at(e, "valueFrom", "secretKeyRef", "name") instanceof String secret && secret.equals("civicpulse-secrets")) {
                keys.put((String) e.get("name"), (String) at(e, "valueFrom", "secretKeyRef", "key"));
            }
        }
        assertThat(keys).containsKeys("CIVICPULSE_DASHBOARD_REGION_SECRET", "CIVICPULSE_DASHBOARD_CITY_SECRET",
                "CIVICPULSE_SESSION_ENCRYPTION_KEY");
        assertThat(new HashSet<>(List.of(keys.get("CIVICPULSE_DASHBOARD_REGION_SECRET"),
                keys.get("CIVICPULSE_DASHBOARD_CITY_SECRET"), keys.get("CIVICPULSE_SESSION_ENCRYPTION_KEY"))))
                .as("three different Secret keys").hasSize(3);
        // Each realm's dashboard client gets the key the service uses for that realm.
        for (String realm : List.of("region", "city")) {
            Map<String, Object> realmImport = r.require("KeycloakRealmImport", "realm-" + realm);
            Map<String, Object> placeholders = map(at(realmImport, "spec", "placeholders"));
            Map<String, Object> dashboard = list(at(realmImport, "spec", "realm", "clients")).stream()
                    .filter(c -> "civicpulse-dashboard".equals(c.get("clientId"))).findFirst().orElseThrow();
            String placeholder = ((String) dashboard.get("secret")).replaceAll("^\\$\\{(.+)}$", "$1");
            assertThat(at(placeholders, placeholder, "secret", "key")).as(realm)
                    .isEqualTo(keys.get("CIVICPULSE_DASHBOARD_" + realm.toUpperCase() + "_SECRET"));
        }
        // The service reads them as such in prod.
        ServiceConfig.load("reporting-service").ifPresent(c -> {
            assertThat(c.prod().get("quarkus.oidc.region-web.credentials.secret")).contains("CIVICPULSE_DASHBOARD_REGION_SECRET");
            assertThat(c.prod().get("quarkus.oidc.city-web.credentials.secret")).contains("CIVICPULSE_DASHBOARD_CITY_SECRET");
            for (String tenant : List.of("region-web", "city-web")) {
                assertThat(c.prod().get("quarkus.oidc." + tenant + ".token-state-manager.encryption-secret"))
                        .isEqualTo("${CIVICPULSE_SESSION_ENCRYPTION_KEY}");
            }
        });
    }

    @org.junit.jupiter.api.Test
    void servicesHaveNoKnownPasswordNoSwaggerUiAndTlsKafkaInProd() {
        for (String service : Rendered.SERVICES) {
            ServiceConfig c = ServiceConfig.load(service).orElseThrow();
            assertThat(c.prod().get("quarkus.datasource.password")).as(service)
                    .isEqualTo("${QUARKUS_DATASOURCE_PASSWORD}");
            assertThat(c.prod().get("quarkus.swagger-ui.enable")).as(service).isEqualTo("false");
            assertThat(c.resolve(c.prod().get("kafka.security.protocol"))).as(service).isEqualTo("SASL_SSL");
            assertThat(c.resolve(c.prod().get("kafka.sasl.mechanism"))).as(service).isEqualTo("SCRAM-SHA-512");
            assertThat(c.prod()).as(service).containsKeys("kafka.sasl.jaas.config", "kafka.ssl.truststore.location",
                    "kafka.ssl.truststore.password");
        }
    }
}
