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
 * ({@code ./civicpulse up}) with its own state directory and free ports. One per test JVM; stopped
 * by {@code ./civicpulse down} when the JVM ends.
 */
final class SystemStack {
    private static SystemStack shared;

    final Path root = Path.of(System.getProperty("civicpulse.root", "..")).toAbsolutePath().normalize();
    final Path state = Path.of(System.getProperty("civicpulse.state", "target/stack")).toAbsolutePath().normalize();
    final Map<String, String> env = new LinkedHashMap<>();
    final Stack stack;

    private SystemStack() {
        Set<Integer> ports = new HashSet<>();
        env.put("CIVICPULSE_STATE", state.toString());
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

    private static RuntimeException startFailure;

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
