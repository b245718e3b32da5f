package ru.civicpulse.reporting.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;
import ru.civicpulse.reporting.analytics.AnalyticsService;
import ru.civicpulse.reporting.analytics.SourceComparison;
import ru.civicpulse.reporting.analytics.ComparisonResult;
import ru.civicpulse.reporting.analytics.Interval;
import ru.civicpulse.reporting.analytics.TopicsResult;
import ru.civicpulse.reporting.external.ExternalStatsRepository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collects a report's content from the analytics API for one municipality and period, so the
 * documents show exactly what {@code /api/v1/analytics/*} answers for the same question.
 */
@ApplicationScoped
public class ReportAssembler {
    /** Topic groups shown as columns of the district table. */
    static final int HEAT_GROUPS = 7;

    @Inject
    AnalyticsService analytics;

    @Inject
    SourceComparison comparison;

    @Inject
    ExternalStatsRepository externalStats;

    @Inject
    ReportConfig config;

    public ReportContent assemble(Report report, Instant generatedAt) {
        String municipality = report.municipality();
        AnalyticsQuery query = new AnalyticsQuery(report.from(), report.to(), Optional.of(Set.of(municipality)), null, null, null);
        TopicsResult topics = analytics.topics(query);
        LocalDate firstDay = report.firstDay();
        LocalDate lastDay = report.lastDay();
        return new ReportContent(
                municipality,
                Municipalities.byCode(municipality).map(Municipality::label).orElse(municipality),
                firstDay, lastDay, generatedAt,
                topics,
                analytics.timeseries(query, Interval.DAY),
                heat(query, municipality, topics),
                analytics.incidents(query, config.incidents()),
                analytics.alerts(query),
                analytics.responses(query),
                comparison(query, topics, firstDay, lastDay),
                analytics.methodology(query),
                analytics.executors(query),
                analytics.decisions(query));
    }

    /** Our own counts against every uploaded statistics set that overlaps the period (none: nothing to compare). */
    private ComparisonResult comparison(AnalyticsQuery query, TopicsResult topics, LocalDate firstDay, LocalDate lastDay) {
        List<String> sources = new ArrayList<>(List.of(SourceComparison.OWN_SOURCE));
        externalStats.sources(query.municipalities()).stream()
                .filter(s -> !s.from().isAfter(lastDay) && !s.to().isBefore(firstDay))
                .map(ExternalStatsRepository.SourceSummary::source)
                .forEach(sources::add);
        if (sources.size() < 2) {
            return new ComparisonResult(sources, List.of(topics.total()), List.of(), List.of(), List.of());
        }
        return comparison.compare(query, sources);
    }

    /**
     * District x group counts from the district-filtered topic counts; messages whose district is
     * unknown form the last row, so every column sums to the topic table.
     */
    private ReportContent.Heat heat(AnalyticsQuery query, String municipality, TopicsResult topics) {
        List<Municipality.District> districts = Municipalities.byCode(municipality).map(Municipality::districts).orElse(List.of());
        List<TopicsResult.GroupCount> groups = topics.groups().stream().filter(g -> g.count() > 0).limit(HEAT_GROUPS).toList();
        if (districts.isEmpty() || groups.isEmpty()) {
            return new ReportContent.Heat(List.of(), List.of(), new long[0][0]);
        }
        List<String> rows = new ArrayList<>();
        long[][] counts = new long[districts.size() + 1][groups.size()];
        long[] known = new long[groups.size()];
        for (int r = 0; r < districts.size(); r++) {
            Municipality.District d = districts.get(r);
            rows.add(d.label());
            TopicsResult inDistrict = analytics.topics(new AnalyticsQuery(query.from(), query.to(), query.municipalities(),
                    d.code(), null, null));
            for (int col = 0; col < groups.size(); col++) {
                String code = groups.get(col).group();
                counts[r][col] = inDistrict.groups().stream().filter(g -> g.group().equals(code))
                        .mapToLong(TopicsResult.GroupCount::count).sum();
                known[col] += counts[r][col];
            }
        }
        rows.add(Municipalities.districtLabel(null));
        for (int col = 0; col < groups.size(); col++) {
            counts[districts.size()][col] = groups.get(col).count() - known[col];
        }
        return new ReportContent.Heat(rows, groups.stream().map(TopicsResult.GroupCount::label).toList(), counts);
    }
}
