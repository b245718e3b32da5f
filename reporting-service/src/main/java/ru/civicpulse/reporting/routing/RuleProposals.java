package ru.civicpulse.reporting.routing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Routing rules learned from the source systems: for each topic group (and each topic) and
 * district of a municipality, the executor the source system routed most of its messages to.
 * Names are compared case-insensitively with whitespace collapsed, among themselves and with the
 * municipality's directory of executors.
 */
@ApplicationScoped
public class RuleProposals {
    /** Proposals whose executor has fewer messages than this are weak unless the caller says otherwise. */
    public static final int DEFAULT_MIN_MESSAGES = 5;
    /** A proposal whose executor has less than this share of its messages is weak. */
    public static final double MIN_SHARE = 0.5;
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");

    @Inject
    AgroalDataSource dataSource;

    /** The body of {@code POST /api/v1/routing/rules} that turns a proposal into a rule. */
    @RegisterForReflection
    public record RuleRequest(String municipality, String group, String topic, String district, UUID executorId,
                              int priority) {
    }

    /**
     * @param topic         null: the proposal is for the whole group
     * @param district      null: messages whose district is unknown (the whole municipality)
     * @param executorId    the directory executor of the same name, null when the directory has none
     * @param count         messages routed to this executor
     * @param total         messages of the group (or topic) and district that name an executor
     * @param weak          fewer than {@code minMessages} messages or a share below 0.5
     * @param rule          what to POST to {@code /api/v1/routing/rules} to accept it (its executorId is null until
     *                      the executor is in the directory)
     */
    @RegisterForReflection
    public record Proposal(String group, String groupLabel, String topic, String district, String districtLabel,
                           String executorName, UUID executorId, long count, long total, double share, boolean weak,
                           RuleRequest rule) {
    }

    @RegisterForReflection
    public record Result(String municipality, Instant from, Instant to, int minMessages, List<Proposal> proposals) {
    }

    /** The executors of one (group or topic) x district, by normalised name. */
    private record Key(String group, String topic, String district) {
    }

    /** One executor's messages under a key, with the spellings its name came in. */
    private static final class Tally {
        long count;
        final Map<String, Long> spellings = new HashMap<>();

        void add(String spelling, long n) {
            count += n;
            spellings.merge(spelling, n, Long::sum);
        }

        /** The most frequent spelling; of equally frequent ones the first in text order. */
        String name() {
            return spellings.entrySet().stream()
                    .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElseThrow().getKey();
        }
    }

    /** Case-insensitive, whitespace-collapsed form of an executor's name. */
    static String normalise(String name) {
        return WHITESPACE.matcher(name).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    public Result propose(String municipality, Instant from, Instant to, int minMessages) {
        Map<Key, Map<String, Tally>> keys = new LinkedHashMap<>();
        Map<String, UUID> directory = new HashMap<>();
        Sql.onConnection(dataSource, "Could not read the source executors of " + municipality, c -> {
            new Sql("select m.grp, m.topic, m.district, e.executor_name, count(*) as n from messages m "
                    + "join source_executors e on e.message_id = m.message_id "
                    + "where m.municipality = ? and m." + ScopeSql.NOT_REPLY + " and m.published_at >= ? and m.published_at < ? "
                    + "group by m.grp, m.topic, m.district, e.executor_name", municipality, from, to)
                    .list(c, rs -> {
                        String district = rs.getString("district");
                        String group = rs.getString("grp");
                        String topic = rs.getString("topic");
                        String name = rs.getString("executor_name");
                        long n = rs.getLong("n");
                        district = district == null || district.isEmpty() ? null : district;
                        tally(keys, new Key(group, null, district), name, n);
                        if (topic != null) {
                            tally(keys, new Key(group, topic, district), name, n);
                        }
                        return null;
                    });
            return new Sql("select id, name from executors where municipality = ? order by name, id", municipality)
                    .list(c, rs -> directory.putIfAbsent(normalise(rs.getString("name")), rs.getObject("id", UUID.class)));
        });
        List<Proposal> proposals = new ArrayList<>(keys.size());
        keys.forEach((key, executors) -> {
            long total = executors.values().stream().mapToLong(t -> t.count).sum();
            Map.Entry<String, Tally> top = executors.entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Tally>>comparingLong(e -> e.getValue().count)
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElseThrow();
            long count = top.getValue().count;
            double share = (double) count / total;
            UUID executorId = directory.get(top.getKey());
            proposals.add(new Proposal(key.group(), Taxonomy.groupLabel(key.group()), key.topic(), key.district(),
                    key.district() == null ? null : Municipalities.districtLabel(key.district()), top.getValue().name(),
                    executorId, count, total, Math.round(share * 1000) / 1000.0, count < minMessages || share < MIN_SHARE,
                    new RuleRequest(municipality, key.group(), key.topic(), key.district(), executorId, 0)));
        });
        proposals.sort(Comparator.comparingLong(Proposal::count).reversed()
                .thenComparing(Proposal::group)
                .thenComparing(Proposal::topic, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Proposal::district, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new Result(municipality, from, to, minMessages, List.copyOf(proposals));
    }

    private static void tally(Map<Key, Map<String, Tally>> keys, Key key, String name, long n) {
        keys.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(normalise(name), k -> new Tally())
                .add(Objects.requireNonNull(name), n);
    }
}
