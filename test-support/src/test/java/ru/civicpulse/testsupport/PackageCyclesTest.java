package ru.civicpulse.testsupport;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PackageCyclesTest {

    @Test
    void aCircleOfPackagesIsOneCycleAndWhatOnlyLeadsIntoItIsNotPartOfIt() {
        Map<String, Set<String>> edges = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "e"), "d", Set.of("a"),
                "e", Set.of("f"), "f", Set.of("e"));
        assertThat(PackageCycles.stronglyConnected(edges)).containsExactlyInAnyOrder(Set.of("a", "b", "c"), Set.of("e", "f"));
    }

    @Test
    void layersHaveNoCycle() {
        Map<String, Set<String>> edges = Map.of("web", Set.of("domain", "sql"), "domain", Set.of("sql"), "sql", Set.of());
        assertThat(PackageCycles.stronglyConnected(edges)).isEmpty();
    }
}
