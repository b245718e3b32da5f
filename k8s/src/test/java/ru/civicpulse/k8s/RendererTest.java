package ru.civicpulse.k8s;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The Java renderer gives what {@code kubectl kustomize} gives, resource for resource,
 * for every overlay, the base and the KEDA component. Without kubectl on the PATH (some
 * build machines), only the renderer's own output is produced and checked for sanity.
 */
class RendererTest {

    @TestFactory
    Stream<DynamicTest> rendererMatchesKubectl() throws Exception {
        Map<String, Path> targets = new TreeMap<>();
        targets.put("base", Rendered.K8S.resolve("base"));
        for (String overlay : Rendered.OVERLAYS) {
            targets.put(overlay, Rendered.K8S.resolve("overlays").resolve(overlay));
            targets.put(overlay + "+keda", Rendered.withKeda(overlay));
        }
        return targets.entrySet().stream().map(t -> dynamicTest(t.getKey(), () -> {
            List<Map<String, Object>> ours = Kustomize.build(t.getValue());
            assertThat(ours).as("resources rendered").hasSizeGreaterThan(40);
            Optional<List<Map<String, Object>>> theirs = Kustomize.kubectl(t.getValue());
            if (theirs.isPresent()) {
                assertThat(byId(ours)).isEqualTo(byId(theirs.get()));
            }
        }));
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> resources) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        for (Map<String, Object> r : resources) {
            Map<String, Object> meta = Kustomize.metadata(r);
            String id = r.get("kind") + "/" + meta.getOrDefault("namespace", "") + "/" + meta.get("name");
            assertThat(byId.put(id, r)).as("duplicate " + id).isNull();
        }
        return byId;
    }
}
