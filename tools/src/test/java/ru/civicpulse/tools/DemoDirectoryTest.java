package ru.civicpulse.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;
import ru.civicpulse.contracts.Taxonomy;

import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo directory is one reporting accepts: known codes, rules naming executors of their municipality, one default each. */
class DemoDirectoryTest {

    @Test
    void everyExecutorAndRuleIsValidForReporting() throws Exception {
        JsonNode directory;
        try (InputStream in = DemoCommand.class.getResourceAsStream(DemoCommand.DIRECTORY)) {
            directory = new ObjectMapper().readTree(in);
        }
        Set<String> kinds = Set.of("DEPARTMENT", "DISTRICT_ADMINISTRATION", "MUNICIPAL_ENTERPRISE", "UTILITY", "MANAGEMENT_COMPANY");
        Map<String, String> executors = new HashMap<>();
        for (JsonNode e : directory.path("executors")) {
            String name = e.path("name").asText();
            Municipality m = Municipalities.byCode(e.path("municipality").asText()).orElseThrow();
            assertThat(executors.put(m.code() + "/" + name, m.code())).as("unique name " + name).isNull();
            assertThat(kinds).contains(e.path("kind").asText());
            e.path("districts").forEach(d -> assertThat(m.districts()).extracting(Municipality.District::code).contains(d.asText()));
            e.path("deadlines").fields().forEachRemaining(d -> {
                assertThat(Taxonomy.isGroup(d.getKey())).as(d.getKey()).isTrue();
                assertThat(d.getValue().asInt()).isPositive();
            });
            assertThat(e.path("contacts").path("email").asText()).endsWith("@example.org");
        }
        Set<String> defaults = new HashSet<>();
        for (JsonNode r : directory.path("rules")) {
            String municipality = r.path("municipality").asText();
            assertThat(executors).containsKey(municipality + "/" + r.path("executor").asText());
            if (r.path("default").asBoolean()) {
                assertThat(defaults.add(municipality)).as("one default in " + municipality).isTrue();
            }
            if (r.hasNonNull("topic")) {
                assertThat(Taxonomy.topic(r.path("topic").asText())).as(r.path("topic").asText()).isPresent();
            }
            if (r.hasNonNull("group")) {
                assertThat(Taxonomy.isGroup(r.path("group").asText())).isTrue();
            }
        }
        assertThat(defaults).containsExactlyInAnyOrder("voronezh", "novovoronezh");
        // the demo export's «Исполнитель» names directory executors, so learned rule proposals find them
        for (DemoMessage m : DemoDataset.generate(1, java.time.LocalDate.of(2026, 11, 29), java.time.Instant.parse("2026-12-01T00:00:00Z"))) {
            if (m.channel() == DemoMessage.Channel.IMPORT) {
                assertThat(executors).containsKey(m.municipality() + "/" + ChannelFeeder.sourceExecutor(m));
            }
        }
        // every district of Voronezh has its district administration
        assertThat(directory.findValues("kind")).filteredOn(k -> k.asText().equals("DISTRICT_ADMINISTRATION")).hasSize(6);
    }
}
