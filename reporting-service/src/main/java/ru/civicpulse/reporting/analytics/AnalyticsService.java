package ru.civicpulse.reporting.analytics;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The analytics API: everything the HTTP endpoints and report documents show. It combines what
 * the query classes read ({@link TopicCounts}, {@link AlertQueries}, {@link IncidentRanking},
 * {@link ResponseRollups}, {@link ModelVersions}) into results, one
 * connection per answer. Scoping is part of {@link AnalyticsQuery#municipalities()} and applied in
 * SQL. Counts and unique authors of the period's whole Moscow days come from the rollups and
 * author sets; partial days at its edges (a period given as instants) from the facts. Official
 * replies are never counted as residents' messages.
 */
@ApplicationScoped
public class AnalyticsService {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReportingConfig config;

    public TopicsResult topics(AnalyticsQuery query) {
        return Sql.onConnection(dataSource, "Could not count the topics", c -> {
            Map<String, Long> counts = TopicCounts.groupCounts(c, query);
            Map<String, Long> previous = TopicCounts.groupCounts(c, query.previous());
            Map<String, Long> authors = TopicCounts.groupAuthors(c, query);
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            long previousTotal = previous.values().stream().mapToLong(Long::longValue).sum();
            Set<String> groups = new LinkedHashSet<>(counts.keySet());
            groups.addAll(previous.keySet());
            List<TopicsResult.GroupCount> rows = groups.stream()
                    .map(g -> {
                        long n = counts.getOrDefault(g, 0L);
                        long p = previous.getOrDefault(g, 0L);
                        return new TopicsResult.GroupCount(g, Taxonomy.groupLabel(g), n, Statistics.share(n, total), p,
                                Statistics.change(n, p), authors.getOrDefault(g, 0L));
                    })
                    .sorted(Comparator.comparingLong(TopicsResult.GroupCount::count).reversed()
                            .thenComparing(Comparator.comparingLong(TopicsResult.GroupCount::previousCount).reversed())
                            .thenComparing(TopicsResult.GroupCount::group))
                    .toList();
            return new TopicsResult(query.from(), query.to(), total, authors.getOrDefault(null, 0L), previousTotal, rows);
        });
    }

    public TimeseriesResult timeseries(AnalyticsQuery query, Interval interval) {
        return Sql.onConnection(dataSource, "Could not read the time series", c -> {
            List<LocalDate> buckets = new ArrayList<>();
            for (LocalDate b = interval.bucketStart(query.fromDay()); b.isBefore(query.toDayExclusive()); b = interval.next(b)) {
                buckets.add(b);
            }
            Map<LocalDate, Integer> index = new HashMap<>();
            for (int i = 0; i < buckets.size(); i++) {
                index.put(buckets.get(i), i);
            }
            Map<String, long[]> series = new LinkedHashMap<>();
            for (TopicCounts.DayCount row : TopicCounts.daily(c, query)) {
                Integer i = index.get(interval.bucketStart(row.day()));
                if (i != null) {
                    series.computeIfAbsent(row.group(), g -> new long[buckets.size()])[i] += row.count();
                }
            }
            List<TimeseriesResult.Series> out = series.entrySet().stream()
                    .map(e -> new TimeseriesResult.Series(e.getKey(), Taxonomy.groupLabel(e.getKey()),
                            Arrays.stream(e.getValue()).sum(), Arrays.stream(e.getValue()).boxed().toList()))
                    .sorted(Comparator.comparingLong(TimeseriesResult.Series::total).reversed()
                            .thenComparing(TimeseriesResult.Series::group))
                    .toList();
            return new TimeseriesResult(interval, buckets, out);
        });
    }

    /** Spikes: a group's count in a district over the window tested against its baseline (Poisson upper tail). */
    public AlertsResult alerts(AnalyticsQuery query) {
        return Sql.onConnection(dataSource, "Could not read the alerts", c -> {
            ReportingConfig.Spike spike = config.spike();
            LocalDate windowEnd = query.toDayExclusive();
            LocalDate windowStart = windowEnd.minusDays(spike.windowDays());
            LocalDate baselineStart = windowStart.minusDays(spike.baselineDays());
            List<AlertsResult.Spike> spikes = new ArrayList<>();
            for (AlertQueries.WindowCount r : AlertQueries.windowCounts(c, query, baselineStart, windowStart, windowEnd,
                    spike.minCount())) {
                // half a message of prior keeps a brand-new problem testable (no zero-mean baseline)
                double expected = (r.baseline() + 0.5) / spike.baselineDays() * spike.windowDays();
                double p = Statistics.poissonUpperTail(r.count(), expected);
                if (p < spike.pValue()) {
                    spikes.add(new AlertsResult.Spike(r.group(), Taxonomy.groupLabel(r.group()), r.municipality(),
                            r.district(), Municipalities.districtLabel(r.district()), windowStart, windowEnd.minusDays(1),
                            r.count(), expected, p));
                }
            }
            spikes.sort(Comparator.comparingDouble(AlertsResult.Spike::pValue)
                    .thenComparing(Comparator.comparingLong(AlertsResult.Spike::count).reversed()));
            return new AlertsResult(spikes, AlertQueries.unansweredEmergencies(c, query, Instant.now()));
        });
    }

    public IncidentsResult incidents(AnalyticsQuery query, int limit) {
        return Sql.onConnection(dataSource, "Could not rank the incidents", c -> IncidentRanking.top(c, query, limit));
    }

    /**
     * The period's top {@code limit} topics by concern score with what the live-broadcast brief
     * shows of each ({@link TopicBriefs}); {@code executor} (nullable): only messages routed to it.
     */
    public List<TopicBriefs.TopicBrief> topicBriefs(AnalyticsQuery query, java.util.UUID executor, int limit, int messagesPerTopic) {
        return Sql.onConnection(dataSource, "Could not read the topics of a brief",
                c -> TopicBriefs.top(c, query, executor, limit, messagesPerTopic));
    }

    /** One incident over its whole life within {@code scope}; empty when unknown or out of scope. */
    public Optional<IncidentsResult.Incident> incident(Optional<Set<String>> scope, String incidentKey) {
        return Sql.onConnection(dataSource, "Could not read incident " + incidentKey, c -> IncidentRanking.one(c, scope, incidentKey));
    }

    /** Response times and overdue messages as of now ({@link ResponseRollups}). */
    public ResponsesResult responses(AnalyticsQuery query) {
        return Sql.onConnection(dataSource, "Could not read the response times", c -> {
            ResponseRollups rollups = new ResponseRollups(config, Instant.now());
            ResponseRollups.Totals totals = rollups.totals(c, query);
            return totals.tallies().result(totals.overdue(), rollups.overdue(c, query));
        });
    }

    /** Executors' messages, answers, incidents and overdue items, with the previous equal period ({@link ExecutorQueries}). */
    public ExecutorsResult executors(AnalyticsQuery query) {
        return Sql.onConnection(dataSource, "Could not read the executors' figures", c -> {
            ExecutorQueries queries = new ExecutorQueries(config, Instant.now());
            Map<UUID, ExecutorQueries.MessageStats> messages = queries.messages(c, query);
            Map<UUID, ExecutorQueries.MessageStats> previous = queries.messages(c, query.previous());
            Map<UUID, ExecutorQueries.IncidentStats> incidents = queries.incidents(c, query);
            List<ExecutorsResult.Executor> rows = new ArrayList<>();
            for (ExecutorQueries.Named e : ExecutorQueries.executors(c, query)) {
                rows.add(executorRow(e, messages.get(e.id()), previous.get(e.id()), incidents.get(e.id())));
            }
            if (messages.containsKey(null) || incidents.containsKey(null)) {
                rows.add(executorRow(new ExecutorQueries.Named(null, ExecutorQueries.UNROUTED, null, null),
                        messages.get(null), previous.get(null), incidents.get(null)));
            }
            return new ExecutorsResult(query.from(), query.to(), query.previous().from(), ExecutorQueries.sorted(rows));
        });
    }

    /** One page of an executor's overdue items; empty when the executor is unknown or outside the query's municipalities. */
    public Optional<ExecutorOverdue> executorOverdue(AnalyticsQuery query, UUID executor, int page, int size) {
        return Sql.onConnection(dataSource, "Could not read the overdue messages of executor " + executor, c -> {
            Optional<ExecutorQueries.Named> named = ExecutorQueries.executor(c, query, executor);
            if (named.isEmpty()) {
                return Optional.empty();
            }
            ExecutorQueries queries = new ExecutorQueries(config, Instant.now());
            return Optional.of(new ExecutorOverdue(executor, named.get().name(), named.get().municipality(),
                    queries.overdueCount(c, query, executor), page, size, queries.overdue(c, query, executor, page, size)));
        });
    }

    /** Incidents moved to DECISION_TAKEN in the period, with who, when and why. */
    public List<Decision> decisions(AnalyticsQuery query) {
        return Sql.onConnection(dataSource, "Could not read the decisions", c -> ExecutorQueries.decisions(c, query));
    }

    private static ExecutorsResult.Executor executorRow(ExecutorQueries.Named e, ExecutorQueries.MessageStats now,
                                                        ExecutorQueries.MessageStats before, ExecutorQueries.IncidentStats incidents) {
        ExecutorQueries.MessageStats n = now == null ? new ExecutorQueries.MessageStats(0, 0, null, null, 0) : now;
        long previousMessages = before == null ? 0 : before.messages();
        Double share = n.messages() == 0 ? null : Statistics.share(n.answered(), n.messages());
        Double previousShare = previousMessages == 0 ? null : Statistics.share(before.answered(), previousMessages);
        return new ExecutorsResult.Executor(e.id(), e.name(), e.kind(), e.municipality(), n.messages(), previousMessages,
                Statistics.change(n.messages(), previousMessages), n.answered(), share == null ? 0.0 : share, previousShare,
                share == null || previousShare == null ? null : share - previousShare,
                hours(n.medianSeconds()), hours(n.p90Seconds()), n.overdue(),
                incidents == null ? ExecutorQueries.emptyStates() : incidents.byState(), incidents == null ? 0 : incidents.overdue());
    }

    private static Double hours(Double seconds) {
        return seconds == null ? null : seconds / 3600.0;
    }

    /** Model versions, share needing review and mean confidence. */
    public MethodologyResult methodology(AnalyticsQuery query) {
        return Sql.onConnection(dataSource, "Could not read the methodology figures", c -> {
            Map<String, ModelVersions.Tally> byVersion = ModelVersions.byVersion(c, query);
            long messages = byVersion.values().stream().mapToLong(ModelVersions.Tally::messages).sum();
            long review = byVersion.values().stream().mapToLong(ModelVersions.Tally::needsReview).sum();
            long micros = byVersion.values().stream().mapToLong(ModelVersions.Tally::confidenceMicros).sum();
            List<MethodologyResult.ModelVersion> versions = byVersion.entrySet().stream()
                    .map(e -> new MethodologyResult.ModelVersion(e.getKey(), e.getValue().messages()))
                    .sorted(Comparator.comparingLong(MethodologyResult.ModelVersion::messages).reversed()
                            .thenComparing(MethodologyResult.ModelVersion::version))
                    .toList();
            return new MethodologyResult(messages, review, Statistics.share(review, messages),
                    messages == 0 ? 0.0 : micros / 1e6 / messages, versions, MethodologyText.SPIKE_METHOD,
                    MethodologyText.CONCERN_METHOD);
        });
    }
}
