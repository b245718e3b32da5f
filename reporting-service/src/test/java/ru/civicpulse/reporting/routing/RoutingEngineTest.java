package ru.civicpulse.reporting.routing;

import org.junit.jupiter.api.Test;
import ru.civicpulse.reporting.routing.RoutingEngine.Route;
import ru.civicpulse.reporting.routing.RoutingEngine.Rule;
import ru.civicpulse.reporting.routing.RoutingEngine.Target;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The precedence of routing rules: subject, then place, then priority, then age; the default last. */
class RoutingEngineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Target POTHOLE_ON_LENINA = new Target("roads", "roads/potholes", "leninsky", "ул. Ленина, 12");

    private static Rule rule(String group, String topic, String district, String fragment, int priority, int age) {
        return new Rule(UUID.randomUUID(), UUID.randomUUID(), group, topic, district, fragment, priority, false,
                T0.plusSeconds(1000 - age));
    }

    private static Rule defaultRule() {
        return new Rule(UUID.randomUUID(), UUID.randomUUID(), null, null, null, null, 0, true, T0);
    }

    /** Routes under every order of the rules: the answer must not depend on it. */
    private static Optional<Route> route(Target target, Rule... rules) {
        Optional<Route> first = RoutingEngine.route(target, List.of(rules));
        List<Rule> shuffled = new ArrayList<>(List.of(rules));
        for (int i = 0; i < 5; i++) {
            Collections.shuffle(shuffled);
            assertThat(RoutingEngine.route(target, shuffled)).isEqualTo(first);
        }
        return first;
    }

    @Test
    void aTopicBeatsAGroupWhateverThePriority() {
        Rule group = rule("roads", null, null, null, 100, 1);
        Rule topic = rule("roads", "roads/potholes", null, null, 0, 0);
        Route r = route(POTHOLE_ON_LENINA, group, topic, defaultRule()).orElseThrow();
        assertThat(r.ruleId()).isEqualTo(topic.id());
        assertThat(r.executorId()).isEqualTo(topic.executorId());
        assertThat(r.why()).isEqualTo("matched topic roads/potholes; priority 0");
    }

    @Test
    void aGroupBeatsAPlaceAndAPlaceBeatsNothing() {
        Rule district = rule(null, null, "leninsky", null, 50, 1);
        Rule group = rule("roads", null, null, null, 0, 0);
        Rule anything = rule(null, null, null, null, 99, 2);
        assertThat(route(POTHOLE_ON_LENINA, district, group, anything).orElseThrow().ruleId()).isEqualTo(group.id());
        assertThat(route(POTHOLE_ON_LENINA, district, anything).orElseThrow().ruleId()).isEqualTo(district.id());
    }

    @Test
    void withTheSameSubjectAnAddressFragmentBeatsADistrictAndBothBeatEither() {
        Rule district = rule("roads", null, "leninsky", null, 9, 3);
        Rule street = rule("roads", null, null, "ЛЕНИНА", 0, 2);
        Rule both = rule("roads", null, "leninsky", "ленина", -5, 1);
        Rule groupOnly = rule("roads", null, null, null, 100, 0);
        assertThat(route(POTHOLE_ON_LENINA, district, street, both, groupOnly).orElseThrow().ruleId()).isEqualTo(both.id());
        Route byStreet = route(POTHOLE_ON_LENINA, district, street, groupOnly).orElseThrow();
        assertThat(byStreet.ruleId()).isEqualTo(street.id());
        assertThat(byStreet.why()).isEqualTo("matched group roads, address contains \"ЛЕНИНА\"; priority 0");
        assertThat(route(POTHOLE_ON_LENINA, district, groupOnly).orElseThrow().ruleId()).isEqualTo(district.id());
    }

    @Test
    void equallySpecificRulesGoByPriorityThenAge() {
        Rule low = rule("roads", null, null, null, 1, 10);
        Rule highNew = rule("roads", null, null, null, 5, 0);
        Rule highOld = rule("roads", null, null, null, 5, 3);
        assertThat(route(POTHOLE_ON_LENINA, low, highNew, highOld).orElseThrow().ruleId()).isEqualTo(highOld.id());
        assertThat(route(POTHOLE_ON_LENINA, low, highNew).orElseThrow().ruleId()).isEqualTo(highNew.id());
    }

    @Test
    void aRuleMatchesOnlyWhenEveryConditionHolds() {
        Target elsewhere = new Target("roads", "roads/sidewalks", "sovetsky", null);
        Rule topic = rule("roads", "roads/potholes", null, null, 0, 0);
        Rule district = rule(null, null, "leninsky", null, 0, 0);
        Rule street = rule(null, null, null, "Ленина", 0, 0);
        Rule fallback = defaultRule();
        Route r = route(elsewhere, topic, district, street, fallback).orElseThrow();
        assertThat(r.ruleId()).isEqualTo(fallback.id());
        assertThat(r.why()).isEqualTo("default rule of the municipality: no other rule matched");
    }

    @Test
    void withoutAMatchOrADefaultTheMessageStaysUnrouted() {
        Rule other = rule("waste", null, null, null, 0, 0);
        assertThat(route(POTHOLE_ON_LENINA, other)).isEmpty();
        assertThat(route(POTHOLE_ON_LENINA)).isEmpty();
    }

    @Test
    void theDefaultIsNeverPreferredToAMatchingRule() {
        Rule anything = rule(null, null, null, null, -1000, 0);
        assertThat(route(POTHOLE_ON_LENINA, defaultRule(), anything).orElseThrow().ruleId()).isEqualTo(anything.id());
    }
}
