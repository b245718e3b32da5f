package ru.civicpulse.k8s;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.k8s.Rendered.at;
import static ru.civicpulse.k8s.Rendered.list;

/**
 * The ingress agrees with the services' own resources: every public path a service declares with
 * {@code @Path} is routed to that service on its host (ingestion on {@code intake.}, the others on
 * {@code api.}), so a new resource cannot ship unreachable or land on the wrong service.
 */
class IngressSourceTest {
    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");

    static Stream<Rendered> overlays() {
        return Rendered.OVERLAYS.stream().map(Rendered::overlay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyDeclaredResourcePathIsRoutedToItsService(Rendered r) {
        Map<String, String> routes = new HashMap<>();
        for (Map<String, Object> ingress : r.ofKind("Ingress")) {
            for (Map<String, Object> rule : list(at(ingress, "spec", "rules"))) {
                String host = (String) rule.get("host");
                String prefix = host.substring(0, host.indexOf('.') + 1);
                for (Map<String, Object> path : list(at(rule, "http", "paths"))) {
                    routes.put(prefix + path.get("path"), (String) at(path, "backend", "service", "name"));
                }
            }
        }
        Map<String, String> declared = declaredPrefixes();
        assertThat(declared).as("resource paths found in the services' sources").hasSizeGreaterThan(15);
        declared.forEach((hostAndPrefix, service) -> assertThat(routes.get(hostAndPrefix))
                .as(hostAndPrefix + " (declared by " + service + ")").isEqualTo(service));
    }

    /** host prefix + routed path prefix ({@code /api/v1/<name>} or {@code /<name>}) → service. */
    static Map<String, String> declaredPrefixes() {
        Map<String, String> prefixes = new TreeMap<>();
        for (String service : Rendered.SERVICES) {
            String host = service.equals("ingestion-service") ? "intake." : "api.";
            try (Stream<Path> files = Files.walk(Rendered.K8S.resolveSibling(service).resolve("src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    resourcePaths(read(f)).forEach(path -> {
                        String previous = prefixes.put(host + routedPrefix(path), service);
                        assertThat(previous == null || previous.equals(service))
                                .as(host + routedPrefix(path) + " is declared by " + previous + " and " + service).isTrue();
                    });
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return prefixes;
    }

    /** The full paths a resource class serves: its class-level path, or its methods' paths under "/". */
    private static Stream<String> resourcePaths(String source) {
        int type = source.indexOf("\npublic class ");
        if (type < 0) {
            return Stream.empty();
        }
        Matcher classLevel = PATH.matcher(source.substring(0, type));
        String root = null;
        while (classLevel.find()) {
            root = classLevel.group(1);
        }
        if (root == null) {
            return Stream.empty();
        }
        if (!root.equals("/")) {
            return Stream.of(root);
        }
        Matcher methods = PATH.matcher(source.substring(type));
        Stream.Builder<String> paths = Stream.builder();
        while (methods.find()) {
            paths.add("/" + methods.group(1).replaceFirst("^/", ""));
        }
        return paths.build();
    }

    private static String routedPrefix(String path) {
        String[] segments = path.replaceFirst("^/", "").split("/");
        return segments.length >= 3 && segments[0].equals("api")
                ? "/" + segments[0] + "/" + segments[1] + "/" + segments[2]
                : "/" + segments[0];
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
