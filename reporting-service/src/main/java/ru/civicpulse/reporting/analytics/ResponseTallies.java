package ru.civicpulse.reporting.analytics;

import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Residents' messages and the waits (seconds) of the answered ones, overall, per group and per municipality. */
final class ResponseTallies {
    private final Tally overall = new Tally();
    private final Map<String, Tally> byGroup = new HashMap<>();
    private final Map<String, Tally> byMunicipality = new HashMap<>();

    /** Adds {@code messages} messages of a group and municipality, and the waits of those of them that were answered. */
    void add(String group, String municipality, long messages, int[] waits) {
        overall.add(messages, waits);
        byGroup.computeIfAbsent(group, g -> new Tally()).add(messages, waits);
        byMunicipality.computeIfAbsent(municipality, m -> new Tally()).add(messages, waits);
    }

    ResponsesResult result(long overdueTotal, List<ResponsesResult.Overdue> overdue) {
        List<ResponsesResult.Stats> groups = byGroup.entrySet().stream()
                .map(e -> e.getValue().stats(e.getKey(), Taxonomy.groupLabel(e.getKey())))
                .sorted(Comparator.comparingLong(ResponsesResult.Stats::messages).reversed().thenComparing(ResponsesResult.Stats::key))
                .toList();
        List<ResponsesResult.Stats> municipalities = byMunicipality.entrySet().stream()
                .map(e -> e.getValue().stats(e.getKey(), Municipalities.byCode(e.getKey()).map(m -> m.label()).orElse(e.getKey())))
                .sorted(Comparator.comparing(ResponsesResult.Stats::key))
                .toList();
        return new ResponsesResult(overall.stats("all", "Все"), groups, municipalities, overdueTotal, overdue);
    }

    private static final class Tally {
        private long messages;
        private int[] waits = new int[16];
        private int answered;

        void add(long count, int[] secondsToReply) {
            messages += count;
            if (answered + secondsToReply.length > waits.length) {
                waits = Arrays.copyOf(waits, Math.max(2 * waits.length, answered + secondsToReply.length));
            }
            System.arraycopy(secondsToReply, 0, waits, answered, secondsToReply.length);
            answered += secondsToReply.length;
        }

        /** Median and p90 as {@code percentile_cont} over the waits, in hours. */
        ResponsesResult.Stats stats(String key, String label) {
            Arrays.sort(waits, 0, answered);
            return new ResponsesResult.Stats(key, label, messages, answered, Statistics.share(answered, messages),
                    hours(Statistics.percentileCont(waits, answered, 0.5)), hours(Statistics.percentileCont(waits, answered, 0.9)));
        }

        private static Double hours(Double seconds) {
            return seconds == null ? null : seconds / 3600.0;
        }
    }
}
