package ru.civicpulse.reporting.analytics;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.Taxonomy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Our counts per topic group next to other sources' uploaded statistics ({@link SourceCounts}): shares,
 * Spearman's rank correlation per pair, and the groups rising in one source but not in another.
 */
@ApplicationScoped
public class SourceComparison {
    /** Our own messages, as a comparison source. */
    public static final String OWN_SOURCE = "civicpulse";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReportingConfig config;

    /** {@code sources}: {@code civicpulse} and/or names of uploaded external statistics; one name is compared with ours. */
    public ComparisonResult compare(AnalyticsQuery query, List<String> sources) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(sources.stream().map(String::trim).filter(s -> !s.isEmpty()).toList()));
        if (names.size() == 1 && !names.contains(OWN_SOURCE)) {
            names.add(0, OWN_SOURCE);
        }
        if (names.size() < 2) {
            throw ProblemException.unprocessable("Name at least one source to compare with.",
                    List.of(new Problem.FieldError("sources", "e.g. sources=civicpulse,cur")));
        }
        return Sql.onConnection(dataSource, "Could not compare the sources", c -> {
            List<Map<String, Long>> current = new ArrayList<>();
            List<Map<String, Long>> previous = new ArrayList<>();
            for (String name : names) {
                if (!OWN_SOURCE.equals(name) && !SourceCounts.known(c, name)) {
                    throw ProblemException.unprocessable("Unknown source " + name + ".",
                            List.of(new Problem.FieldError("sources", "no statistics uploaded for " + name)));
                }
                current.add(sourceCounts(c, query, name));
                previous.add(sourceCounts(c, query.previous(), name));
            }
            Set<String> groups = new LinkedHashSet<>();
            current.forEach(m -> groups.addAll(m.keySet()));
            List<Long> totals = current.stream().map(m -> m.values().stream().mapToLong(Long::longValue).sum()).toList();
            List<ComparisonResult.Row> rows = new ArrayList<>();
            for (String g : groups) {
                List<Long> counts = current.stream().map(m -> m.getOrDefault(g, 0L)).toList();
                List<Double> shares = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    shares.add(Statistics.share(counts.get(i), totals.get(i)));
                }
                rows.add(new ComparisonResult.Row(g, Taxonomy.groupLabel(g), counts, shares,
                        (shares.get(shares.size() - 1) - shares.get(0)) * 100));
            }
            rows.sort(Comparator.comparingLong((ComparisonResult.Row r) -> r.counts().get(0)).reversed()
                    .thenComparing(ComparisonResult.Row::group));
            List<ComparisonResult.Correlation> correlations = new ArrayList<>();
            List<ComparisonResult.Divergence> divergences = new ArrayList<>();
            for (int a = 0; a < names.size(); a++) {
                for (int b = 0; b < names.size(); b++) {
                    if (a < b) {
                        double[] x = new double[rows.size()];
                        double[] y = new double[rows.size()];
                        for (int i = 0; i < rows.size(); i++) {
                            x[i] = rows.get(i).counts().get(a);
                            y[i] = rows.get(i).counts().get(b);
                        }
                        correlations.add(new ComparisonResult.Correlation(names.get(a), names.get(b), Statistics.spearman(x, y)));
                    }
                    if (a != b) {
                        for (String g : groups) {
                            long n = current.get(a).getOrDefault(g, 0L);
                            long p = previous.get(a).getOrDefault(g, 0L);
                            long on = current.get(b).getOrDefault(g, 0L);
                            long op = previous.get(b).getOrDefault(g, 0L);
                            if (rising(n, p) && !rising(on, op) && on <= Math.max(op * 1.1, op + 1)) {
                                divergences.add(new ComparisonResult.Divergence(g, Taxonomy.groupLabel(g), names.get(a),
                                        names.get(b), n, p, Statistics.change(n, p), on, op, Statistics.change(on, op)));
                            }
                        }
                    }
                }
            }
            return new ComparisonResult(names, totals, rows, correlations, divergences);
        });
    }

    /** A group rises: at least the spike minimum and half as many again as before. */
    private boolean rising(long count, long previous) {
        return count >= config.spike().minCount() && count >= previous * 1.5;
    }

    private static Map<String, Long> sourceCounts(Connection c, AnalyticsQuery q, String source) throws SQLException {
        return OWN_SOURCE.equals(source) ? TopicCounts.groupCounts(c, q) : SourceCounts.external(c, q, source);
    }
}
