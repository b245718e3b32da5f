package ru.civicpulse.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Grants every {@code KafkaUser} of a Strimzi manifest its ACLs on a plain Kafka broker, as
 * Strimzi's user operator does in the cluster: {@code spec.authorization.acls} of type simple,
 * each operation on its resource for {@code User:<metadata.name>}, from any host. Run by the
 * launcher (as {@code CIVICPULSE_KAFKA_ACLS}) with the broker in {@code KAFKA_BOOTSTRAP} and the
 * super user's client settings in the file named by {@code KAFKA_ADMIN_CONFIG}, after the topics
 * exist and before the services start.
 */
public final class KafkaAcls {

    private KafkaAcls() {
    }

    /** The shell command the launcher runs: this class in this JVM's Java with this classpath. */
    static String command(Path manifest) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return String.join(" ", quote(java), "-cp", quote(System.getProperty("java.class.path")),
                KafkaAcls.class.getName(), quote(manifest.toString()));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The ACL bindings the manifest's KafkaUsers stand for. */
    static List<AclBinding> bindings(Path manifest) throws IOException {
        List<AclBinding> bindings = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(manifest.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || !"KafkaUser".equals(doc.path("kind").asText())) {
                    continue;
                }
                JsonNode authorization = doc.path("spec").path("authorization");
                if (!"simple".equals(authorization.path("type").asText())) {
                    throw new IllegalArgumentException(doc.path("metadata").path("name") + ": only simple authorization");
                }
                String principal = "User:" + doc.path("metadata").path("name").asText();
                for (JsonNode acl : authorization.path("acls")) {
                    JsonNode resource = acl.path("resource");
                    ResourceType type = ResourceType.fromString(constant(resource.path("type").asText()));
                    String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
                    PatternType pattern = PatternType.fromString(constant(resource.path("patternType").asText("literal")));
                    AclPermissionType permission = "deny".equals(acl.path("type").asText("allow"))
                            ? AclPermissionType.DENY : AclPermissionType.ALLOW;
                    for (JsonNode op : acl.path("operations")) {
                        AclOperation operation = AclOperation.fromString(constant(op.asText()));
                        if (operation == AclOperation.UNKNOWN || type == ResourceType.UNKNOWN || pattern == PatternType.UNKNOWN) {
                            throw new IllegalArgumentException(principal + ": cannot map " + acl);
                        }
                        bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                                new AccessControlEntry(principal, acl.path("host").asText("*"), operation, permission)));
                    }
                }
            }
        }
        return bindings;
    }

    /** Strimzi's camel case (IdempotentWrite, transactionalId) as Kafka's enum constants. */
    private static String constant(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    public static void main(String[] args) throws Exception {
        Path manifest = Path.of(args[0]);
        Properties admin = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(System.getenv("KAFKA_ADMIN_CONFIG")))) {
            admin.load(r);
        }
        admin.put("bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP"));
        List<AclBinding> bindings = bindings(manifest);
        try (Admin client = Admin.create(admin)) {
            client.createAcls(bindings).all().get();
        }
        bindings.forEach(b -> System.out.println("granted " + b));
    }
}
