package ru.civicpulse.reporting.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Picks the executor of a message from its municipality's active routing rules. Precedence, first
 * difference decides:
 * <ol>
 *   <li>what the rule names of the subject: a topic beats a group, a group beats neither;</li>
 *   <li>what it names of the place: district and address fragment together, then an address
 *       fragment alone (a street is narrower than a district), then a district alone, then neither;</li>
 *   <li>higher {@code priority};</li>
 *   <li>the older rule (then the smaller id, so the choice never depends on load order).</li>
 * </ol>
 * A rule matches when every condition it names holds (topic and group equal, district equal,
 * the address contains the fragment ignoring case). The municipality's default rule is taken only
 * when no other rule matches; without one the message stays unrouted.
 */
public final class RoutingEngine {

    /** An active rule of one municipality; null conditions match anything. */
    public record Rule(UUID id, UUID executorId, String group, String topic, String district, String addressFragment,
                       int priority, boolean isDefault, Instant createdAt) {

        boolean matches(Target t) {
            return !isDefault
                    && (topic == null || topic.equals(t.topic()))
                    && (group == null || group.equals(t.group()))
                    && (district == null || district.equals(t.district()))
                    && (addressFragment == null || (t.address() != null
                    && t.address().toLowerCase(Locale.ROOT).contains(addressFragment.toLowerCase(Locale.ROOT))));
        }

        int subjectRank() {
            return topic != null ? 2 : group != null ? 1 : 0;
        }

        int placeRank() {
            return (addressFragment != null ? 2 : 0) + (district != null ? 1 : 0);
        }

        /** Why this rule chose the executor: the conditions it matched on, its priority. */
        public String why() {
            if (isDefault) {
                return "default rule of the municipality: no other rule matched";
            }
            List<String> matched = new ArrayList<>();
            if (topic != null) {
                matched.add("topic " + topic);
            } else if (group != null) {
                matched.add("group " + group);
            }
            if (district != null) {
                matched.add("district " + district);
            }
            if (addressFragment != null) {
                matched.add("address contains \"" + addressFragment + "\"");
            }
            String conditions = matched.isEmpty() ? "any message of the municipality" : String.join(", ", matched);
            return "matched " + conditions + "; priority " + priority;
        }
    }

    /** What routing looks at of a message (or of an incident's first message). */
    public record Target(String group, String topic, String district, String address) {
    }

    /** The chosen executor and the rule that chose it. */
    public record Route(UUID executorId, UUID ruleId, String why) {
    }

    /** Most specific first, then higher priority, then older, then smaller id. */
    static final Comparator<Rule> PRECEDENCE = Comparator.comparingInt(Rule::subjectRank).reversed()
            .thenComparing(Comparator.comparingInt(Rule::placeRank).reversed())
            .thenComparing(Comparator.comparingInt(Rule::priority).reversed())
            .thenComparing(Rule::createdAt)
            .thenComparing(Rule::id);

    private RoutingEngine() {
    }

    /** The route of {@code target} under {@code rules} (the active rules of its municipality); empty: unrouted. */
    public static Optional<Route> route(Target target, List<Rule> rules) {
        Optional<Rule> chosen = rules.stream().filter(r -> r.matches(target)).min(PRECEDENCE)
                .or(() -> rules.stream().filter(Rule::isDefault).min(PRECEDENCE));
        return chosen.map(r -> new Route(r.executorId(), r.id(), r.why()));
    }
}
