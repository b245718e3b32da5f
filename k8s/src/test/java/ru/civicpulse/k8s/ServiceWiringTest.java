package ru.civicpulse.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Topics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.k8s.Rendered.at;
import static ru.civicpulse.k8s.Rendered.list;

/**
 * The manifests against what the services actually read: their application.properties
 * (each service as it is in the tree; a service without one yet is skipped), the topic
 * names in contracts' Topics, and the local Keycloak realms.
 */
class ServiceWiringTest {

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
                    "Write topic civic.incidents.workflow.v1",
                    "Write topic civic.messages.classified.v1.dlq.reporting"));

    /** Clients of the local realms that a cluster never gets (the password-grant CLI client). */
    static final Set<String> LOCAL_ONLY_CLIENTS = Set.of("civicpulse-cli");

    /** Environment variables Kubernetes itself gives every container. */
    private static final Set<String> PLATFORM_ENV = Set.of("HOSTNAME");

    private final List<Rendered> overlays = Rendered.OVERLAYS.stream().map(Rendered::overlay).toList();

    private static List<ServiceConfig> services() {
        return Rendered.SERVICES.stream().map(ServiceConfig::load).flatMap(Optional::stream).toList();
    }

    /** The one list of topics ({@code Topics.ALL}) with its partition counts. */
    private static final Map<String, Integer> PARTITIONS = Topics.ALL.stream()
            .collect(Collectors.toMap(Topics.Spec::name, Topics.Spec::partitions, (a, b) -> a, TreeMap::new));

    @Test
    void everyTopicTheCodeNamesHasAKafkaTopic() {
        Set<String> named = new TreeSet<>();
        services().forEach(s -> named.addAll(s.topics()));
        services().forEach(s -> s.channels().forEach(c -> named.add(c.topic())));
        assertThat(PARTITIONS.keySet()).as("Topics.ALL").containsAll(named);
        for (Rendered r : overlays) {
            Map<String, Object> rendered = new TreeMap<>();
            for (Map<String, Object> topic : r.ofKind("KafkaTopic")) {
                String name = (String) Kustomize.metadata(topic).get("name");
                rendered.put(name, at(topic, "spec", "partitions"));
                assertThat(at(topic, "spec", "config", "retention.ms")).as(name + " retention").isNotNull();
                assertThat(at(topic, "metadata", "labels", "strimzi.io/cluster")).isEqualTo("civicpulse");
            }
            assertThat(rendered).as(r.name() + " KafkaTopics").isEqualTo(PARTITIONS);
        }
    }

    @Test
    void theLocalLauncherCreatesTheSameTopics() throws IOException {
        String launcher = Files.readString(Rendered.K8S.resolveSibling("civicpulse"));
        Matcher block = Pattern.compile("for spec in ([^;]+); do").matcher(launcher);
        assertThat(block.find()).as("the launcher's topic list").isTrue();
        Map<String, Integer> created = new TreeMap<>();
        Matcher spec = Pattern.compile("([a-z0-9.-]+):(\\d+)").matcher(block.group(1));
        while (spec.find()) {
            created.put(spec.group(1), Integer.parseInt(spec.group(2)));
        }
        assertThat(created).isEqualTo(PARTITIONS);
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
}
