package ru.civicpulse.contracts;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TaxonomyTest {
    @Test
    void hasTheSeventeenPublishedGroupsInOrder() {
        assertThat(Taxonomy.groups()).extracting(TopicGroup::code).containsExactly(
                "housing-utilities", "improvement", "roads", "public-transport", "waste", "healthcare",
                "education-children", "social-protection", "safety", "ecology", "energy-gas-telecom",
                "construction", "culture-sport", "trade-economy", "public-services", "svo-support", "other");
        assertThat(Taxonomy.groupLabel("housing-utilities")).isEqualTo("ЖКХ");
        assertThat(Taxonomy.groupLabel("waste")).isEqualTo("Мусор и ТКО");
    }

    @Test
    void everyGroupHasFinerTopicsWithUniqueCodesAndRussianLabels() {
        Set<String> codes = new HashSet<>();
        for (TopicGroup group : Taxonomy.groups()) {
            assertThat(group.topics()).as(group.code()).hasSizeGreaterThanOrEqualTo(4);
            for (TopicDefinition topic : group.topics()) {
                assertThat(codes.add(topic.code())).as("duplicate " + topic.code()).isTrue();
                assertThat(topic.code()).startsWith(group.code() + "/");
                assertThat(topic.label()).matches(".*[А-Яа-яЁё].*");
                assertThat(Taxonomy.topic(topic.code())).contains(topic);
            }
        }
    }

    @Test
    void unknownCodesAreReportedNotInvented() {
        assertThat(Taxonomy.group("weather")).isEmpty();
        assertThat(Taxonomy.topic("roads/teleports")).isEmpty();
        assertThat(Taxonomy.groupLabel("custom-label")).isEqualTo("custom-label");
    }

    @Test
    void municipalitiesKnowVoronezhDistricts() {
        assertThat(Municipalities.byCode("voronezh").orElseThrow().districts()).hasSize(6);
        assertThat(Municipalities.districtLabel("levoberezhny")).isEqualTo("Левобережный район");
        assertThat(Municipalities.byCode("novovoronezh").orElseThrow().districts()).isEmpty();
    }
}
