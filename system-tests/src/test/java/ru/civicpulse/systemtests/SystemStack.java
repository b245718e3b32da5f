package ru.civicpulse.systemtests;

import ru.civicpulse.tools.Stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as processes, started by the same launcher as a developer's stack
 * ({@code ./civicpulse up}) with its own state directory and free ports; one per test JVM, stopped
 * by {@code ./civicpulse down} when the JVM ends.
 *
 * <p>Its broker is secured as in the cluster: SASL/SCRAM-SHA-512, one Kafka user per service and
 * exactly the ACLs of that service's {@code KafkaUser} in {@code k8s/base/infra/kafka/users.yaml}
 * (granted by {@link KafkaAcls} as the super user). Every system test therefore runs with the
 * cluster's Kafka security: an ACL missing from the manifests, or a client that ignores the SASL
 * settings, shows as data that never arrives.
 */
final class SystemStack {
    private static SystemStack shared;
    private static RuntimeException startFailure;

    /** Password of the Kafka super user and the services' users; local only. */
    static final String KAFKA_SASL_SECRET = "system-test-kafka-secret";

    final Path root = Path.of(System.getProperty("civicpulse.root", "..")).toAbsolutePath().normalize();
    final Path state;
    final Map<String, String> env = new LinkedHashMap<>();
    final Stack stack;

    private SystemStack() {
        state = Path.of(System.getProperty("civicpulse.state", "target/stack")).toAbsolutePath().normalize();
        Set<Integer> ports = new HashSet<>();
        env.put("CIVICPULSE_STATE", state.toString());
        env.put("CIVICPULSE_KAFKA_SASL", "1");
        env.put("CIVICPULSE_KAFKA_SASL_SECRET", KAFKA_SASL_SECRET);
        env.put("CIVICPULSE_KAFKA_ACLS", KafkaAcls.command(root.resolve("k8s/base/infra/kafka/users.yaml")));
        env.put("CIVICPULSE_SKIP_BUILD", "1");
        for (String name : List.of("PG", "KAFKA", "KAFKA_CONTROLLER", "KEYCLOAK", "INGESTION", "CLASSIFICATION", "REPORTING")) {
            env.put("CIVICPULSE_" + name + "_PORT", String.valueOf(freePort(ports)));
        }
        env.put("CIVICPULSE_SERVICE_HEAP", "384m");
        stack = new Stack("http://127.0.0.1:" + env.get("CIVICPULSE_KEYCLOAK_PORT"),
                "http://127.0.0.1:" + env.get("CIVICPULSE_INGESTION_PORT"),
                "http://127.0.0.1:" + env.get("CIVICPULSE_REPORTING_PORT"),
                "127.0.0.1:" + env.get("CIVICPULSE_KAFKA_PORT"),
                "ingest-demo-secret", "vk-demo-secret", "telegram-demo-secret", state);
    }

    /** The stack, started on first use. */
    static synchronized SystemStack get() {
        if (startFailure != null) {
            throw startFailure; // one attempt per JVM: the next test class must not start it all again
        }
        if (shared == null) {
            SystemStack s = new SystemStack();
            s.cleanState();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> s.launcher(5, "down"), "system-stack-down"));
            try {
                s.launcher(15, "up");
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            shared = s;
        }
        return shared;
    }

    /** Client settings of a Kafka user of the stack (admin or a service's user). */
    java.util.Properties kafkaClient(String user) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", stack.kafka);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + KAFKA_SASL_SECRET + "-" + user + "\";");
        return p;
    }

    /** A previous run's data would change the counts: every run starts from empty databases. */
    private void cleanState() {
        launcher(3, "down");
        try {
            if (Files.exists(state)) {
                try (var paths = Files.walk(state)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code ./civicpulse ARGS}; fails with the launcher's output when it fails. */
    void launcher(int timeoutMinutes, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("civicpulse").toString()));
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(state);
            Path log = state.resolve("launcher.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("./civicpulse " + String.join(" ", args) + " did not finish in " + timeoutMinutes + " min; see " + log);
            }
            System.err.printf("[system-tests] ./civicpulse %s: exit %d in %d s%n", String.join(" ", args), p.exitValue(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException("./civicpulse " + String.join(" ", args) + " failed:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL one component; {@link #restart()} brings it back. */
    void kill(String component) {
        launcher(2, "kill", component);
    }

    void restart() {
        launcher(8, "up");
    }

    private static int freePort(Set<Integer> taken) {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (taken.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
