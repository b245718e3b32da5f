package ru.civicpulse.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize directory the way {@code kubectl kustomize} does, for the subset of
 * Kustomize these manifests use: {@code resources}, {@code components}, {@code patches}
 * (strategic merge, from a file or inline, including {@code $patch: delete}, optionally
 * selected by a target's kind and name),
 * {@code namespace}, {@code labels} (metadata only), {@code replicas} and {@code images}.
 * Anything else in a kustomization fails loudly, so the manifests cannot drift past it.
 * No Kustomize exists for Java; kubectl is not on every build machine.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> SUPPORTED_KEYS = Set.of("apiVersion", "kind", "resources", "components",
            "patches", "namespace", "labels", "replicas", "images");

    /** Kinds whose lists merge by key in a strategic merge patch; other kinds replace lists. */
    private static final Set<String> BUILT_IN_KINDS = Set.of("Deployment", "Service", "ConfigMap",
            "ServiceAccount", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "Namespace");

    /** Patch merge keys of the Kubernetes list fields these manifests patch. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
            "volumeMounts", "mountPath", "imagePullSecrets", "name");

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");

    private Kustomize() {
    }

    static List<Map<String, Object>> build(Path dir) {
        List<Map<String, Object>> resources = new ArrayList<>();
        apply(dir, resources, false);
        return resources;
    }

    /** {@code kubectl kustomize dir}, or empty when kubectl is not on the PATH. */
    static Optional<List<Map<String, Object>>> kubectl(Path dir) {
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Process p = new ProcessBuilder(kubectl.get().toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile())
                    .redirectErrorStream(false)
                    .start();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
            }
            List<Map<String, Object>> docs = readDocs(out);
            Files.delete(out);
            return Optional.of(docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Optional<Path> onPath(String command) {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static List<Map<String, Object>> readDocs(Path file) {
        try (MappingIterator<Map<String, Object>> it = YAML.readerFor(new TypeReference<Map<String, Object>>() {
        }).readValues(file.toFile())) {
            List<Map<String, Object>> docs = new ArrayList<>();
            while (it.hasNextValue()) {
                Map<String, Object> doc = it.nextValue();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Map<String, Object>> readString(String yaml) {
        try (MappingIterator<Map<String, Object>> it = YAML.readerFor(new TypeReference<Map<String, Object>>() {
        }).readValues(yaml)) {
            return it.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one kustomization over {@code resources}; a component works on what its parent has. */
    private static void apply(Path dir, List<Map<String, Object>> resources, boolean component) {
        Path file = dir.resolve("kustomization.yaml");
        Map<String, Object> k = readDocs(file).get(0);
        for (String key : k.keySet()) {
            if (!SUPPORTED_KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": '" + key + "' is not supported by this renderer");
            }
        }
        String expectedKind = component ? "Component" : "Kustomization";
        if (!expectedKind.equals(k.getOrDefault("kind", "Kustomization"))) {
            throw new IllegalArgumentException(file + ": expected kind " + expectedKind);
        }
        for (String r : strings(k.get("resources"))) {
            Path p = dir.resolve(r).normalize();
            if (Files.isDirectory(p)) {
                List<Map<String, Object>> sub = new ArrayList<>();
                apply(p, sub, false);
                resources.addAll(sub);
            } else {
                resources.addAll(readDocs(p));
            }
        }
        for (String c : strings(k.get("components"))) {
            apply(dir.resolve(c).normalize(), resources, true);
        }
        for (Map<String, Object> patch : maps(k.get("patches"))) {
            if (patch.containsKey("options")) {
                throw new IllegalArgumentException(file + ": patch options are not supported");
            }
            List<Map<String, Object>> docs = patch.containsKey("path")
                    ? readDocs(dir.resolve((String) patch.get("path")))
                    : readString((String) patch.get("patch"));
            for (Map<String, Object> doc : docs) {
                if (patch.get("target") instanceof Map<?, ?> target) {
                    strategicMerge(resources, doc, asMap(target), file);
                } else {
                    strategicMerge(resources, doc, file);
                }
            }
        }
        if (k.get("namespace") instanceof String ns) {
            for (Map<String, Object> r : resources) {
                if (!CLUSTER_SCOPED.contains(r.get("kind"))) {
                    metadata(r).put("namespace", ns);
                }
            }
        }
        for (Map<String, Object> l : maps(k.get("labels"))) {
            if (Boolean.TRUE.equals(l.get("includeSelectors")) || Boolean.TRUE.equals(l.get("includeTemplates"))) {
                throw new IllegalArgumentException(file + ": labels only on metadata are supported");
            }
            for (Map<String, Object> r : resources) {
                Map<String, Object> labels = child(metadata(r), "labels");
                labels.putAll(asMap(l.get("pairs")));
            }
        }
        for (Map<String, Object> rep : maps(k.get("replicas"))) {
            Map<String, Object> target = find(resources, Set.of("Deployment", "StatefulSet"), (String) rep.get("name"))
                    .orElseThrow(() -> new IllegalArgumentException(file + ": no workload " + rep.get("name")));
            child(target, "spec").put("replicas", rep.get("count"));
        }
        for (Map<String, Object> image : maps(k.get("images"))) {
            for (Map<String, Object> r : resources) {
                setImages(r, image);
            }
        }
    }

    private static void strategicMerge(List<Map<String, Object>> resources, Map<String, Object> patch, Path file) {
        String kind = (String) patch.get("kind");
        String name = (String) metadata(patch).get("name");
        Map<String, Object> target = find(resources, Set.of(kind), name)
                .orElseThrow(() -> new IllegalArgumentException(file + ": patch target " + kind + "/" + name + " not found"));
        if ("delete".equals(patch.get("$patch"))) {
            resources.remove(target);
            return;
        }
        mergeMap(target, patch, BUILT_IN_KINDS.contains(kind));
    }

    /**
     * A strategic merge patch applied to every resource the target selects (kind, and name as an
     * anchored regular expression, as Kustomize does); a target that selects nothing is no error.
     */
    private static void strategicMerge(List<Map<String, Object>> resources, Map<String, Object> patch,
                                       Map<String, Object> target, Path file) {
        for (String key : target.keySet()) {
            if (!Set.of("kind", "name").contains(key)) {
                throw new IllegalArgumentException(file + ": patch target '" + key + "' is not supported");
            }
        }
        String kind = (String) target.get("kind");
        java.util.regex.Pattern name = java.util.regex.Pattern.compile((String) target.getOrDefault("name", ".*"));
        List<Map<String, Object>> selected = resources.stream()
                .filter(r -> kind == null || kind.equals(r.get("kind")))
                .filter(r -> name.matcher(String.valueOf(metadata(r).get("name"))).matches())
                .toList();
        for (Map<String, Object> r : selected) {
            if ("delete".equals(patch.get("$patch"))) {
                resources.remove(r);
            } else {
                Map<String, Object> body = deepCopy(patch);
                body.remove("metadata");
                mergeMap(r, body, BUILT_IN_KINDS.contains(r.get("kind")));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void mergeMap(Map<String, Object> target, Map<String, Object> patch, boolean builtIn) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object current = target.get(e.getKey());
            Object value = e.getValue();
            if (value == null) {
                target.remove(e.getKey());
            } else if (current instanceof Map && value instanceof Map) {
                mergeMap((Map<String, Object>) current, (Map<String, Object>) value, builtIn);
            } else if (builtIn && current instanceof List && value instanceof List && MERGE_KEYS.containsKey(e.getKey())) {
                mergeList((List<Object>) current, (List<Object>) value, MERGE_KEYS.get(e.getKey()));
            } else {
                target.put(e.getKey(), deepCopy(value));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void mergeList(List<Object> target, List<Object> patch, String key) {
        for (Object item : patch) {
            Map<String, Object> p = (Map<String, Object>) item;
            Optional<Map<String, Object>> existing = target.stream().map(o -> (Map<String, Object>) o)
                    .filter(t -> Objects.equals(t.get(key), p.get(key))).findFirst();
            if (existing.isPresent()) {
                mergeMap(existing.get(), p, true);
            } else {
                target.add(deepCopy(p));
            }
        }
    }

    /** Same matching as Kustomize's image transformer: by name, ignoring the tag or digest. */
    @SuppressWarnings("unchecked")
    private static void setImages(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> map) {
            for (String field : List.of("containers", "initContainers")) {
                if (map.get(field) instanceof List<?> containers) {
                    for (Object c : containers) {
                        Map<String, Object> container = (Map<String, Object>) c;
                        String ref = (String) container.get("image");
                        if (ref != null && imageName(ref).equals(image.get("name"))) {
                            container.put("image", retag(ref, image));
                        }
                    }
                }
            }
            for (Object v : map.values()) {
                setImages(v, image);
            }
        } else if (node instanceof List<?> list) {
            for (Object v : list) {
                setImages(v, image);
            }
        }
    }

    static String imageName(String ref) {
        String noDigest = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
        int colon = noDigest.lastIndexOf(':');
        return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
    }

    private static String retag(String ref, Map<String, Object> image) {
        String name = (String) image.getOrDefault("newName", imageName(ref));
        String rest = ref.substring(imageName(ref).length());
        if (image.get("digest") instanceof String digest) {
            return name + "@" + digest;
        }
        if (image.get("newTag") instanceof String tag) {
            return name + ":" + tag;
        }
        return name + rest;
    }

    static Optional<Map<String, Object>> find(List<Map<String, Object>> resources, Set<String> kinds, String name) {
        return resources.stream()
                .filter(r -> kinds.contains(r.get("kind")) && Objects.equals(name, metadata(r).get("name")))
                .findFirst();
    }

    static Map<String, Object> metadata(Map<String, Object> resource) {
        return child(resource, "metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, x -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return o == null ? List.of() : (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }
}
