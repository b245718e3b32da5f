package ru.civicpulse.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.k8s.Rendered.at;
import static ru.civicpulse.k8s.Rendered.list;

/**
 * The manifests against what the services actually read: their application.properties
 * (each service as it is in the tree; a service without one yet is skipped), the topic
 * names in contracts' Topics, and the local Keycloak realms.
 */
class ServiceWiringTest {

    private static final Map<String, Integer> PARTITIONS = Map.of(
            "civic.messages.ingested.v1", 6,
            "civic.messages.classified.v1", 6,
            "civic.classification.feedback.v1", 3,
            "civic.reports.published.v1", 1);

    /** Who may do what, from the architecture: service -> "Read topic", "Write topic", "Read group". */
    private static final Map<String, Set<String>> ACCESS = Map.of(
            "ingestion-service", Set.of("Write topic civic.messages.ingested.v1"),
            "classification-service", Set.of(
                    "Read topic civic.messages.ingested.v1", "Read topic civic.classification.feedback.v1",
                    "Read group classification", "Read group classification-feedback",
                    "Write topic civic.messages.classified.v1",
                    "Write topic civic.messages.ingested.v1.dlq.classification",
                    "Write topic civic.classification.feedback.v1.dlq.classification"),
            "reporting-service", Set.of(
                    "Read topic civic.messages.classified.v1", "Read group reporting",
                    "Write topic civic.classification.feedback.v1", "Write topic civic.reports.published.v1",
                    "Write topic civic.messages.classified.v1.dlq.reporting"));

    /** Clients of the local realms that a cluster never gets (the password-grant CLI client). */
    static final Set<String> LOCAL_ONLY_CLIENTS = Set.of("civicpulse-cli");

    /** Environment variables Kubernetes itself gives every container. */
    private static final Set<String> PLATFORM_ENV = Set.of("HOSTNAME");

    private final List<Rendered> overlays = Rendered.OVERLAYS.stream().map(Rendered::overlay).toList();

    private static List<ServiceConfig> services() {
        return Rendered.SERVICES.stream().map(ServiceConfig::load).flatMap(Optional::stream).toList();
    }

    @Test
    void everyTopicTheCodeNamesHasAKafkaTopic() throws IOException {
        Set<String> named = new TreeSet<>(topicConstants());
        services().forEach(s -> named.addAll(s.topics()));
        services().forEach(s -> s.channels().forEach(c -> named.add(c.topic())));
        assertThat(named).as("Topics constants").containsAll(PARTITIONS.keySet());
        for (Rendered r : overlays) {
            assertThat(r.names("KafkaTopic")).as(r.name()).containsAll(named);
            for (Map<String, Object> topic : r.ofKind("KafkaTopic")) {
                String name = (String) Kustomize.metadata(topic).get("name");
                int expected = name.contains(".dlq.") ? 1 : PARTITIONS.getOrDefault(name, -1);
                assertThat(at(topic, "spec", "partitions")).as(name).isEqualTo(expected);
                assertThat(at(topic, "spec", "config", "retention.ms")).as(name + " retention").isNotNull();
                assertThat(at(topic, "metadata", "labels", "strimzi.io/cluster")).isEqualTo("civicpulse");
            }
        }
    }

    @Test
    void everyIncomingChannelHasItsDeadLetterTopic() {
        for (ServiceConfig s : services()) {
            for (ServiceConfig.Channel c : s.channels()) {
                if (c.incoming()) {
                    assertThat(c.attributes().get("failure-strategy")).as(s.service() + " " + c.name())
                            .isEqualTo("dead-letter-queue");
                    assertThat(c.attributes().get("dead-letter-queue.topic")).as(s.service() + " " + c.name())
                            .startsWith(c.topic() + ".dlq.");
                }
            }
        }
    }

    @Test
    void kafkaUsersMayDoExactlyWhatTheirServiceDoes() {
        for (Rendered r : overlays) {
            for (String service : Rendered.SERVICES) {
                Set<String> granted = grants(r.require("KafkaUser", service));
                Set<String> expected = new HashSet<>(ACCESS.get(service));
                ACCESS.get(service).forEach(a -> expected.add("Describe" + a.substring(a.indexOf(' '))));
                expected.removeIf(a -> a.startsWith("Describe group"));
                assertThat(granted).as(r.name() + " " + service).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
        for (ServiceConfig s : services()) {
            Set<String> access = ACCESS.get(s.service());
            for (ServiceConfig.Channel c : s.channels()) {
                if (c.incoming()) {
                    assertThat(access).as(s.service() + " reads " + c.topic()).contains("Read topic " + c.topic());
                    c.group().ifPresent(g -> assertThat(access).as(s.service() + " group").contains("Read group " + g));
                    Optional.ofNullable(c.attributes().get("dead-letter-queue.topic")).ifPresent(dlq ->
                            assertThat(access).as(s.service() + " dead letters").contains("Write topic " + dlq));
                } else {
                    assertThat(access).as(s.service() + " writes " + c.topic()).contains("Write topic " + c.topic());
                }
            }
        }
    }

    private static Set<String> grants(Map<String, Object> user) {
        Set<String> grants = new HashSet<>();
        for (Map<String, Object> acl : list(at(user, "spec", "authorization", "acls"))) {
            assertThat(at(acl, "resource", "patternType")).isEqualTo("literal");
            for (Object op : (List<?>) acl.get("operations")) {
                grants.add(op + " " + at(acl, "resource", "type") + " " + at(acl, "resource", "name"));
            }
        }
        return grants;
    }

    @Test
    void everySettingAServiceRequiresInProdIsSupplied() {
        for (ServiceConfig s : services()) {
            Set<String> required = new TreeSet<>(s.requiredEnvironment());
            required.removeAll(PLATFORM_ENV);
            for (Rendered r : overlays) {
                assertThat(r.environment(s.service()).keySet()).as(r.name() + " " + s.service()).containsAll(required);
            }
        }
        for (Rendered r : overlays) {
            for (String service : Rendered.SERVICES) {
                assertThat(r.environment(service)).as(r.name() + " " + service)
                        .containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                                "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                                "CIVICPULSE_OIDC_REGION_URL", "CIVICPULSE_OIDC_CITY_URL")
                        .containsEntry("QUARKUS_DATASOURCE_JDBC_URL",
                                "jdbc:postgresql://civicpulse-db-rw:5432/" + service.replace("-service", ""));
            }
        }
    }

    @Test
    void realmImportsCarryTheLocalRealmsRolesClientsAndMappers() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String realm : List.of("region", "city")) {
            Map<String, Object> imported = overlays.get(0).require("KeycloakRealmImport", "realm-" + realm);
            JsonNode ours = json.valueToTree(at(imported, "spec", "realm"));
            assertThat(ours.path("realm").asText()).isEqualTo(realm);
            for (JsonNode client : ours.path("clients")) {
                Set<String> mappers = new HashSet<>();
                client.path("protocolMappers").forEach(m -> mappers.add(m.path("protocolMapper").asText()
                        + "=" + m.path("config").path("included.custom.audience").asText(m.path("config").path("claim.name").asText())));
                assertThat(mappers).as(client.path("clientId").asText())
                        .contains("oidc-audience-mapper=civicpulse", "oidc-usermodel-attribute-mapper=municipalities");
                assertThat(client.path("secret").asText("${")).as("no client secret in git").startsWith("${");
            }
            assertThat(ours.path("users").findValuesAsText("username")).allMatch(u -> u.startsWith("service-account-"));
            Path local = Rendered.K8S.resolveSibling("local/keycloak/realm-" + realm + ".json");
            if (Files.isRegularFile(local)) {
                JsonNode theirs = json.readTree(local.toFile());
                assertThat(ours.path("roles").path("realm").findValuesAsText("name"))
                        .containsExactlyInAnyOrderElementsOf(theirs.path("roles").path("realm").findValuesAsText("name"));
                List<String> localClients = new java.util.ArrayList<>(theirs.path("clients").findValuesAsText("clientId"));
                localClients.removeAll(LOCAL_ONLY_CLIENTS);
                assertThat(ours.path("clients").findValuesAsText("clientId"))
                        .containsExactlyInAnyOrderElementsOf(localClients);
            }
        }
    }

    private static Set<String> topicConstants() throws IOException {
        Path topics = Rendered.K8S.resolveSibling("contracts/src/main/java/ru/civicpulse/contracts/Topics.java");
        Matcher m = Pattern.compile("static final String \\w+\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(topics));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
