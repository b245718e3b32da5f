package ru.civicpulse.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The resources one overlay renders to, with the look-ups the checks need. */
record Rendered(String name, List<Map<String, Object>> resources) {

    static final Path K8S = Path.of("").toAbsolutePath();
    static final List<String> SERVICES = List.of("ingestion-service", "classification-service", "reporting-service");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    static Rendered overlay(String overlay) {
        return new Rendered(overlay, Kustomize.build(K8S.resolve("overlays").resolve(overlay)));
    }

    /**
     * An overlay with the optional KEDA component switched on the way docs/kubernetes.md says:
     * {@code components: [../../components/keda]} added to the overlay's own kustomization. Works on a
     * copy of base/, components/ and overlays/ under target/, so relative paths stay as they are.
     */
    static Path withKeda(String overlay) throws IOException {
        Path root = K8S.resolve("target/with-keda").resolve(overlay);
        if (Files.exists(root)) {
            try (Stream<Path> old = Files.walk(root)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (String dir : List.of("base", "components", "overlays")) {
            Path from = K8S.resolve(dir);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.toList()) {
                    Path to = root.resolve(dir).resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        }
        Path kustomization = root.resolve("overlays").resolve(overlay).resolve("kustomization.yaml");
        String text = Files.readString(kustomization);
        if (text.contains("\ncomponents:")) {
            throw new IllegalStateException(kustomization + " already has components");
        }
        Files.writeString(kustomization, text + "components:\n  - ../../components/keda\n");
        return kustomization.getParent();
    }

    List<Map<String, Object>> ofKind(String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    Optional<Map<String, Object>> get(String kind, String name) {
        return Kustomize.find(resources, Set.of(kind), name);
    }

    Map<String, Object> require(String kind, String name) {
        return get(kind, name).orElseThrow(() -> new AssertionError(this.name + ": no " + kind + " " + name));
    }

    Set<String> names(String kind) {
        Set<String> names = new TreeSet<>();
        ofKind(kind).forEach(r -> names.add((String) Kustomize.metadata(r).get("name")));
        return names;
    }

    /** Every environment variable a Deployment's first container gets: env plus envFrom ConfigMaps. */
    Map<String, String> environment(String deployment) {
        Map<String, String> env = new HashMap<>();
        Map<String, Object> container = containers(require("Deployment", deployment)).get(0);
        for (Map<String, Object> e : list(container.get("env"))) {
            env.put((String) e.get("name"), Objects.toString(e.get("value"), "<from " + e.get("valueFrom") + ">"));
        }
        for (Map<String, Object> from : list(container.get("envFrom"))) {
            Map<String, Object> ref = map(from.get("configMapRef"));
            if (ref.isEmpty()) {
                throw new AssertionError(deployment + ": only envFrom configMapRef can be checked: " + from);
            }
            Map<String, Object> cm = require("ConfigMap", (String) ref.get("name"));
            map(cm.get("data")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        }
        return env;
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(at(workload, "spec", "template", "spec", "containers"));
    }

    /** Follows map keys; null when a key is missing. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }

    /** Every container of every resource that has pod templates (or is a pod spec). */
    List<Map<String, Object>> allContainers() {
        List<Map<String, Object>> all = new ArrayList<>();
        collect(resources, all);
        return all;
    }

    private static void collect(Object node, List<Map<String, Object>> out) {
        if (node instanceof Map<?, ?> m) {
            for (String f : List.of("containers", "initContainers")) {
                if (m.get(f) instanceof List<?> l) {
                    l.forEach(c -> out.add(map(c)));
                }
            }
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
