package ru.civicpulse.reporting.analytics;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.readmodel.CalendarPeriod;
import ru.civicpulse.common.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The analytics API: everything the HTTP endpoints and report documents show. Scoping is part of
 * {@link AnalyticsQuery#municipalities()} and applied in SQL. Counts and unique authors of the
 * period's whole Moscow days come from the rollups and author sets; partial days at its edges
 * (a period given as instants) from the facts. Official replies are never counted as residents'
 * messages.
 */
@ApplicationScoped
public class AnalyticsService {
    /** Our own messages, as a comparison source. */
    public static final String OWN_SOURCE = "civicpulse";

    public static final String SPIKE_METHOD = "Всплеск: число сообщений группы в районе за последние дни периода "
            + "проверяется против среднего за предыдущие 28 дней (распределение Пуассона, верхний хвост p < 0,01, "
            + "не менее 5 сообщений).";
    public static final String CONCERN_METHOD = "Оценка остроты инцидента: число уникальных авторов × (1 + рост/2, "
            + "рост ограничен 0..2) × (1 + доля негативных) × (1 + доля срочных, экстренные с весом 2, не более 1).";

    private static final String NOT_REPLY = "kind <> 'OFFICIAL_REPLY'";
    private static final int LIST_LIMIT = 100;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReportingConfig config;

    public TopicsResult topics(AnalyticsQuery query) {
        return run(c -> {
            Map<String, Long> counts = groupCounts(c, query);
            Map<String, Long> previous = groupCounts(c, query.previous());
            Map<String, Long> authors = groupAuthors(c, query);
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
        return run(c -> {
            List<LocalDate> buckets = new ArrayList<>();
            for (LocalDate b = interval.bucketStart(query.fromDay()); b.isBefore(query.toDayExclusive()); b = interval.next(b)) {
                buckets.add(b);
            }
            Map<LocalDate, Integer> index = new HashMap<>();
            for (int i = 0; i < buckets.size(); i++) {
                index.put(buckets.get(i), i);
            }
            List<Sql> parts = new ArrayList<>();
            if (query.hasWholeDays()) {
                parts.add(new Sql("select day, grp, sum(count) n from rollup_daily where").append(rollupWhere(query)));
            }
            for (AnalyticsQuery.Span span : query.partialDays()) {
                parts.add(new Sql("select day, grp, count(*) n from messages where").append(factsWhere(query, span, "")));
            }
            Map<String, long[]> series = new LinkedHashMap<>();
            for (Sql sql : parts) {
                sql.append("group by day, grp");
                for (Object[] row : sql.list(c, rs -> new Object[]{rs.getObject("day", LocalDate.class), rs.getString("grp"), rs.getLong("n")})) {
                    Integer i = index.get(interval.bucketStart((LocalDate) row[0]));
                    if (i != null) {
                        series.computeIfAbsent((String) row[1], g -> new long[buckets.size()])[i] += (Long) row[2];
                    }
                }
            }
            List<TimeseriesResult.Series> out = series.entrySet().stream()
                    .map(e -> new TimeseriesResult.Series(e.getKey(), Taxonomy.groupLabel(e.getKey()),
                            java.util.Arrays.stream(e.getValue()).sum(),
                            java.util.Arrays.stream(e.getValue()).boxed().toList()))
                    .sorted(Comparator.comparingLong(TimeseriesResult.Series::total).reversed()
                            .thenComparing(TimeseriesResult.Series::group))
                    .toList();
            return new TimeseriesResult(interval, buckets, out);
        });
    }

    public AlertsResult alerts(AnalyticsQuery query) {
        return run(c -> {
            ReportingConfig.Spike spike = config.spike();
            LocalDate windowEnd = query.toDayExclusive();
            LocalDate windowStart = windowEnd.minusDays(spike.windowDays());
            LocalDate baselineStart = windowStart.minusDays(spike.baselineDays());
            Sql sql = new Sql("""
                    select grp, municipality, district,
                           coalesce(sum(count) filter (where day >= ?), 0) cnt,
                           coalesce(sum(count) filter (where day < ?), 0) base
                    from rollup_daily where day >= ? and day < ?""", windowStart, windowStart, baselineStart, windowEnd)
                    .append(filters(query, ""))
                    .append("group by grp, municipality, district having coalesce(sum(count) filter (where day >= ?), 0) >= ?",
                            windowStart, spike.minCount());
            List<AlertsResult.Spike> spikes = new ArrayList<>();
            for (Object[] r : sql.list(c, rs -> new Object[]{rs.getString("grp"), rs.getString("municipality"),
                    rs.getString("district"), rs.getLong("cnt"), rs.getLong("base")})) {
                long count = (Long) r[3];
                // half a message of prior keeps a brand-new problem testable (no zero-mean baseline)
                double expected = ((Long) r[4] + 0.5) / spike.baselineDays() * spike.windowDays();
                double p = Statistics.poissonUpperTail(count, expected);
                if (p < spike.pValue()) {
                    String district = emptyToNull((String) r[2]);
                    spikes.add(new AlertsResult.Spike((String) r[0], Taxonomy.groupLabel((String) r[0]), (String) r[1],
                            district, Municipalities.districtLabel(district), windowStart, windowEnd.minusDays(1),
                            count, expected, p));
                }
            }
            spikes.sort(Comparator.comparingDouble(AlertsResult.Spike::pValue)
                    .thenComparing(Comparator.comparingLong(AlertsResult.Spike::count).reversed()));
            Instant now = Instant.now();
            // The ids first, from the covering index of unanswered messages without reading the table, then their rows.
            List<UUID> ids = new Sql("select message_id from messages where urgency = 'EMERGENCY' and first_reply_at is null and")
                    .append(factsWhere(query, "")).append("order by published_at, message_id limit " + LIST_LIMIT)
                    .list(c, rs -> rs.getObject("message_id", UUID.class));
            Sql em = new Sql("select message_id, municipality, district, grp, text, url, published_at from messages"
                    + " where message_id = any(?::uuid[]) order by published_at, message_id", ids);
            List<AlertsResult.Emergency> emergencies = em.list(c, rs -> {
                String district = emptyToNull(rs.getString("district"));
                Instant published = Sql.instant(rs, "published_at");
                return new AlertsResult.Emergency(rs.getObject("message_id", UUID.class), rs.getString("municipality"),
                        district, Municipalities.districtLabel(district), rs.getString("grp"),
                        Taxonomy.groupLabel(rs.getString("grp")), rs.getString("text"), rs.getString("url"), published,
                        hours(Duration.between(published, now)));
            });
            return new AlertsResult(spikes, emergencies);
        });
    }

    public IncidentsResult incidents(AnalyticsQuery query, int limit) {
        return run(c -> {
            Instant mid = query.from().plus(query.length().dividedBy(2));
            // Every incident of the period is ranked on hash aggregates (an index-only scan of
            // messages_incident_time); only the top ones get their most common place and topic, and quotes.
            // Per incident and author first (distinct authors are then the author rows), in one pass.
            Sql sql = new Sql("""
                    with per_author as (
                        select incident_key, author_ref, min(published_at) first_seen, max(published_at) last_seen,
                               count(*) n,
                               count(*) filter (where published_at < ?) first_half,
                               count(*) filter (where published_at >= ?) second_half,
                               count(*) filter (where tone = 'NEGATIVE') neg,
                               count(*) filter (where urgency = 'EMERGENCY') em,
                               count(*) filter (where urgency = 'ELEVATED') el
                        from messages where incident_key is not null and""", mid, mid).append(factsWhere(query, "")).append("""
                        group by incident_key, author_ref),
                    agg as (
                        select incident_key, min(first_seen) first_seen, max(last_seen) last_seen, sum(n) n,
                               count(author_ref) authors, sum(first_half) first_half, sum(second_half) second_half,
                               sum(neg) neg, sum(em) em, sum(el) el
                        from per_author group by incident_key),
                    scored as (
                        select *, second_half::float8 / greatest(first_half, 1) - 1 growth from agg)
                    select *, authors * (1 + least(greatest(growth, 0), 2) / 2)
                                      * (1 + neg::float8 / n)
                                      * (1 + least(1.0, (2 * em + el)::float8 / n)) score
                    from scored order by score desc, n desc, incident_key limit ?""", Math.max(0, limit));
            List<IncidentsResult.Incident> ranked = sql.list(c, rs -> {
                long n = rs.getLong("n");
                return new IncidentsResult.Incident(rs.getString("incident_key"), null, null, null, null, null, null,
                        Sql.instant(rs, "first_seen"), Sql.instant(rs, "last_seen"), n, rs.getLong("authors"),
                        rs.getDouble("growth"), Statistics.share(rs.getLong("neg"), n), rs.getLong("em"),
                        rs.getLong("el"), rs.getDouble("score"), List.of());
            });
            if (ranked.isEmpty()) {
                return new IncidentsResult(List.of());
            }
            List<String> keys = ranked.stream().map(IncidentsResult.Incident::incidentKey).toList();
            Map<String, String[]> places = new HashMap<>();
            new Sql("""
                    select incident_key,
                           mode() within group (order by municipality) municipality,
                           mode() within group (order by district) district,
                           mode() within group (order by grp) grp,
                           mode() within group (order by topic) topic
                    from messages where incident_key = any(?) and""", keys)
                    .append(factsWhere(query, "")).append("group by incident_key")
                    .list(c, rs -> places.put(rs.getString("incident_key"), new String[]{rs.getString("municipality"),
                            emptyToNull(rs.getString("district")), rs.getString("grp"), rs.getString("topic")}));
            List<IncidentsResult.Incident> incidents = ranked.stream().map(i -> {
                String[] p = places.get(i.incidentKey());
                return new IncidentsResult.Incident(i.incidentKey(), p[0], p[1], Municipalities.districtLabel(p[1]), p[2],
                        Taxonomy.groupLabel(p[2]), p[3], i.firstSeen(), i.lastSeen(), i.messages(), i.uniqueAuthors(),
                        i.growth(), i.negativeShare(), i.emergency(), i.elevated(), i.concernScore(), List.of());
            }).toList();
            Sql quotes = new Sql("""
                    select * from (
                        select incident_key, message_id, text, source, url, published_at,
                               row_number() over (partition by incident_key order by
                                   case urgency when 'EMERGENCY' then 0 when 'ELEVATED' then 1 else 2 end,
                                   sentiment_score, published_at desc, message_id) rn
                        from messages where incident_key = any(?) and""", keys)
                    .append(factsWhere(query, ""))
                    .append(") q where rn <= 3 order by incident_key, rn");
            Map<String, List<IncidentsResult.Quote>> byKey = new HashMap<>();
            quotes.list(c, rs -> byKey.computeIfAbsent(rs.getString("incident_key"), k -> new ArrayList<>())
                    .add(new IncidentsResult.Quote(rs.getObject("message_id", UUID.class), rs.getString("text"),
                            rs.getString("source"), rs.getString("url"), Sql.instant(rs, "published_at"))));
            return new IncidentsResult(incidents.stream().map(i -> new IncidentsResult.Incident(i.incidentKey(),
                    i.municipality(), i.district(), i.districtLabel(), i.group(), i.label(), i.topic(), i.firstSeen(),
                    i.lastSeen(), i.messages(), i.uniqueAuthors(), i.growth(), i.negativeShare(), i.emergency(),
                    i.elevated(), i.concernScore(), byKey.getOrDefault(i.incidentKey(), List.of()))).toList());
        });
    }

    /**
     * Response times. Whole days come from response_monthly and response_daily (per month or day and
     * key: messages, sorted waits, and for days the sorted publication times of unanswered ones),
     * partial days from the facts; median and p90 are exact over the united waits (to the second),
     * overdue messages are counted by binary search.
     */
    public ResponsesResult responses(AnalyticsQuery query) {
        return run(c -> {
            Instant now = Instant.now();
            ResponseTallies tallies = new ResponseTallies();
            long[] overdue = {0};
            if (query.hasWholeDays()) {
                // A month whose every deadline has passed answers from response_monthly (all its
                // unanswered messages are overdue); the other whole days from response_daily.
                Duration longest = Stream.concat(Stream.of(config.responseDeadline(), config.emergencyDeadline()),
                        config.groupDeadlines().values().stream()).max(Comparator.naturalOrder()).orElseThrow();
                List<LocalDate> months = new ArrayList<>();
                List<LocalDate> days = new ArrayList<>();
                for (CalendarPeriod.Piece piece : CalendarPeriod.cover(query.wholeDaysFrom(), query.wholeDaysEnd())) {
                    LocalDate end = piece.period().end(piece.start());
                    if (piece.period() == CalendarPeriod.MONTH && end.atStartOfDay(AnalyticsQuery.ZONE).toInstant().plus(longest).isBefore(now)) {
                        months.add(piece.start());
                    } else {
                        piece.start().datesUntil(end).forEach(days::add);
                    }
                }
                if (!months.isEmpty()) {
                    new Sql("select municipality, grp, messages, unanswered, array_send(waits) waits from response_monthly"
                            + " where month = any(?::text[]::date[])", months).append(filters(query, "")).binaryResults()
                            .list(c, rs -> {
                                tallies.add(rs.getString("grp"), rs.getString("municipality"), rs.getInt("messages"),
                                        Sql.intArray(rs, "waits"));
                                overdue[0] += rs.getInt("unanswered");
                                return null;
                            });
                }
                if (!days.isEmpty()) {
                    new Sql("select day, municipality, grp, messages, array_send(waits) waits, array_send(open_emergency) open_emergency,"
                            + " array_send(open_other) open_other from response_daily where day = any(?::text[]::date[])", days)
                            .append(filters(query, "")).binaryResults()
                            .list(c, rs -> {
                                String group = rs.getString("grp");
                                tallies.add(group, rs.getString("municipality"), rs.getInt("messages"), Sql.intArray(rs, "waits"));
                                Instant midnight = rs.getObject("day", LocalDate.class).atStartOfDay(AnalyticsQuery.ZONE).toInstant();
                                overdue[0] += countBefore(Sql.intArray(rs, "open_emergency"), midnight, now.minus(config.deadlineFor(group, "EMERGENCY")))
                                        + countBefore(Sql.intArray(rs, "open_other"), midnight, now.minus(config.deadlineFor(group, "NONE")));
                                return null;
                            });
                }
            }
            for (AnalyticsQuery.Span span : query.partialDays()) {
                new Sql("select municipality, grp, urgency, published_at, reply_seconds from response_facts"
                        + " where published_at >= ? and published_at < ?",
                        span.from(), span.to()).append(filters(query, ""))
                        .list(c, rs -> {
                            String group = rs.getString("grp");
                            int wait = rs.getInt("reply_seconds");
                            int[] waits = rs.wasNull() ? new int[0] : new int[]{wait};
                            tallies.add(group, rs.getString("municipality"), 1, waits);
                            if (waits.length == 0 && Sql.instant(rs, "published_at")
                                    .plus(config.deadlineFor(group, rs.getString("urgency"))).isBefore(now)) {
                                overdue[0]++;
                            }
                            return null;
                        });
            }
            return tallies.result(overdue[0], overdueList(c, query, now));
        });
    }

    /** How many of the sorted offsets (milliseconds after {@code midnight}) fall before {@code cutoff}. */
    private static int countBefore(int[] sortedMillis, Instant midnight, Instant cutoff) {
        long limit = Duration.between(midnight, cutoff).toMillis();
        if (limit <= 0) {
            return 0;
        }
        if (limit > Integer.MAX_VALUE) {
            return sortedMillis.length;
        }
        int i = java.util.Arrays.binarySearch(sortedMillis, (int) limit);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sortedMillis[i - 1] == limit) {
            i--;
        }
        return i;
    }

    /**
     * The overdue messages with the earliest deadlines (at most {@link #LIST_LIMIT}). Within one
     * deadline (EMERGENCY, a group with its own, the rest) deadline order is publication order, so
     * each class is read from the index of unanswered messages up to its cut-off and the lists merged.
     */
    private List<ResponsesResult.Overdue> overdueList(Connection c, AnalyticsQuery q, Instant now) throws SQLException {
        List<String> ownDeadline = new ArrayList<>(config.groupDeadlines().keySet());
        List<Sql> classes = new ArrayList<>();
        List<Duration> deadlines = new ArrayList<>();
        classes.add(new Sql("and urgency = 'EMERGENCY'"));
        deadlines.add(config.emergencyDeadline());
        for (String group : ownDeadline) {
            classes.add(new Sql("and urgency <> 'EMERGENCY' and grp = ?", group));
            deadlines.add(config.groupDeadlines().get(group));
        }
        classes.add(new Sql("and urgency <> 'EMERGENCY' and grp <> all(?)", ownDeadline));
        deadlines.add(config.responseDeadline());
        record Candidate(UUID id, Instant deadline) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            Duration deadline = deadlines.get(i);
            Instant end = q.to().isBefore(now.minus(deadline)) ? q.to() : now.minus(deadline);
            if (!q.from().isBefore(end)) {
                continue;
            }
            new Sql("select message_id, published_at from messages where first_reply_at is null and " + NOT_REPLY
                    + " and published_at >= ? and published_at < ?", q.from(), end)
                    .append(filters(q, "")).append(classes.get(i))
                    .append("order by published_at, message_id limit " + LIST_LIMIT)
                    .list(c, rs -> candidates.add(new Candidate(rs.getObject("message_id", UUID.class),
                            Sql.instant(rs, "published_at").plus(deadline))));
        }
        // PostgreSQL orders uuids by their bytes, as their text does
        candidates.sort(Comparator.comparing(Candidate::deadline).thenComparing(x -> x.id().toString()));
        List<Candidate> first = candidates.subList(0, Math.min(LIST_LIMIT, candidates.size()));
        if (first.isEmpty()) {
            return List.of();
        }
        Map<UUID, ResponsesResult.Overdue> rows = new HashMap<>();
        Map<UUID, Instant> deadlineOf = new HashMap<>();
        first.forEach(x -> deadlineOf.put(x.id(), x.deadline()));
        new Sql("select message_id, municipality, district, grp, urgency, text, published_at from messages where message_id = any(?::uuid[])",
                first.stream().map(Candidate::id).toList())
                .list(c, rs -> {
                    UUID id = rs.getObject("message_id", UUID.class);
                    Instant deadline = deadlineOf.get(id);
                    return rows.put(id, new ResponsesResult.Overdue(id, rs.getString("municipality"),
                            emptyToNull(rs.getString("district")), rs.getString("grp"), Taxonomy.groupLabel(rs.getString("grp")),
                            rs.getString("urgency"), rs.getString("text"), Sql.instant(rs, "published_at"), deadline,
                            hours(Duration.between(deadline, now))));
                });
        return first.stream().map(x -> rows.get(x.id())).toList();
    }

    /** {@code sources}: {@code civicpulse} and/or names of uploaded external statistics; one name is compared with ours. */
    public ComparisonResult comparison(AnalyticsQuery query, List<String> sources) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(sources.stream().map(String::trim).filter(s -> !s.isEmpty()).toList()));
        if (names.size() == 1 && !names.contains(OWN_SOURCE)) {
            names.add(0, OWN_SOURCE);
        }
        if (names.size() < 2) {
            throw ProblemException.unprocessable("Name at least one source to compare with.",
                    List.of(new Problem.FieldError("sources", "e.g. sources=civicpulse,cur")));
        }
        return run(c -> {
            List<Map<String, Long>> current = new ArrayList<>();
            List<Map<String, Long>> previous = new ArrayList<>();
            for (String name : names) {
                if (!OWN_SOURCE.equals(name) && new Sql("select 1 from external_stats where source = ? limit 1", name)
                        .list(c, rs -> 1).isEmpty()) {
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

    /** Model versions, share needing review and mean confidence: whole days from model_rollup, partial days from the facts. */
    public MethodologyResult methodology(AnalyticsQuery query) {
        return run(c -> {
            Map<String, long[]> byVersion = new HashMap<>();
            Sql.RowMapper<long[]> add = rs -> {
                long[] v = byVersion.computeIfAbsent(rs.getString("model_version"), k -> new long[3]);
                v[0] += rs.getLong("n");
                v[1] += rs.getLong("review");
                v[2] += rs.getLong("micros");
                return v;
            };
            if (query.hasWholeDays()) {
                List<CalendarPeriod.Piece> pieces = CalendarPeriod.cover(query.wholeDaysFrom(), query.wholeDaysEnd());
                new Sql("select model_version, sum(messages) n, sum(needs_review) review, sum(confidence_micros) micros"
                        + " from model_rollup where").append(piecesWhere(pieces, CalendarPeriod.values()))
                        .append(filters(query, "")).append("group by model_version").list(c, add);
            }
            for (AnalyticsQuery.Span span : query.partialDays()) {
                new Sql("select model_version, count(*) n, count(*) filter (where needs_review) review,"
                        + " sum(floor(confidence * 1000000 + 0.5))::bigint micros from messages where")
                        .append(factsWhere(query, span, "")).append("group by model_version").list(c, add);
            }
            long messages = byVersion.values().stream().mapToLong(v -> v[0]).sum();
            long review = byVersion.values().stream().mapToLong(v -> v[1]).sum();
            long micros = byVersion.values().stream().mapToLong(v -> v[2]).sum();
            List<MethodologyResult.ModelVersion> versions = byVersion.entrySet().stream()
                    .map(e -> new MethodologyResult.ModelVersion(e.getKey(), e.getValue()[0]))
                    .sorted(Comparator.comparingLong(MethodologyResult.ModelVersion::messages).reversed()
                            .thenComparing(MethodologyResult.ModelVersion::version))
                    .toList();
            return new MethodologyResult(messages, review, Statistics.share(review, messages),
                    messages == 0 ? 0.0 : micros / 1e6 / messages, versions, SPIKE_METHOD, CONCERN_METHOD);
        });
    }

    // --- building blocks -------------------------------------------------------------------

    /** A group rises: at least the spike minimum and half as many again as before. */
    private boolean rising(long count, long previous) {
        return count >= config.spike().minCount() && count >= previous * 1.5;
    }

    /**
     * Messages per group: the whole days from the rollups (whole months and weeks from
     * rollup_periods, the days left over from rollup_daily), partial days at the edges from the facts.
     */
    private Map<String, Long> groupCounts(Connection c, AnalyticsQuery q) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        Sql.RowMapper<Long> add = rs -> out.merge(rs.getString("grp"), rs.getLong("n"), Long::sum);
        if (q.hasWholeDays()) {
            List<CalendarPeriod.Piece> pieces = CalendarPeriod.cover(q.wholeDaysFrom(), q.wholeDaysEnd());
            List<LocalDate> days = CalendarPeriod.starts(pieces, CalendarPeriod.DAY);
            if (!days.isEmpty()) {
                new Sql("select grp, sum(count) n from rollup_daily where day = any(?::text[]::date[])", days)
                        .append(filters(q, "")).append("group by grp").list(c, add);
            }
            if (days.size() < pieces.size()) {
                new Sql("select grp, sum(count) n from rollup_periods where").append(piecesWhere(pieces, CalendarPeriod.WEEK, CalendarPeriod.MONTH))
                        .append(filters(q, "")).append("group by grp").list(c, add);
            }
        }
        for (AnalyticsQuery.Span span : q.partialDays()) {
            new Sql("select grp, count(*) n from messages where").append(factsWhere(q, span, "")).append("group by grp").list(c, add);
        }
        return out;
    }

    /**
     * Distinct authors per group; the key {@code null} holds the distinct authors over all groups.
     * Exact: the whole days are covered by day, week and month author sets ({@link CalendarPeriod#cover})
     * whose union is taken here; partial days at the edges add their authors from the facts.
     */
    private Map<String, Long> groupAuthors(Connection c, AnalyticsQuery q) throws SQLException {
        Map<String, BitSet> byGroup = new HashMap<>();
        if (q.hasWholeDays()) {
            List<CalendarPeriod.Piece> pieces = CalendarPeriod.cover(q.wholeDaysFrom(), q.wholeDaysEnd());
            new Sql("select grp, array_send(authors) authors from author_sets where").append(piecesWhere(pieces, CalendarPeriod.values()))
                    .append(filters(q, "")).binaryResults()
                    .list(c, rs -> {
                        BitSet authors = byGroup.computeIfAbsent(rs.getString("grp"), g -> new BitSet());
                        for (int id : Sql.intArray(rs, "authors")) {
                            authors.set(id);
                        }
                        return authors;
                    });
        }
        for (AnalyticsQuery.Span span : q.partialDays()) {
            new Sql("select m.grp, a.id from messages m join authors a on a.author_ref = m.author_ref where")
                    .append(factsWhere(q, span, "m."))
                    .list(c, rs -> {
                        byGroup.computeIfAbsent(rs.getString(1), g -> new BitSet()).set(rs.getInt(2));
                        return null;
                    });
        }
        Map<String, Long> out = new HashMap<>();
        BitSet all = new BitSet();
        byGroup.forEach((group, authors) -> {
            out.put(group, (long) authors.cardinality());
            all.or(authors);
        });
        out.put(null, (long) all.cardinality());
        return out;
    }

    /** The rows of the given kinds of period among the pieces: one index range per kind. */
    private static Sql piecesWhere(List<CalendarPeriod.Piece> pieces, CalendarPeriod... kinds) {
        Sql sql = new Sql("(false");
        for (CalendarPeriod kind : kinds) {
            sql.append("or period = ? and period_start = any(?::text[]::date[])", kind.code(), CalendarPeriod.starts(pieces, kind));
        }
        return sql.append(")");
    }

    private Map<String, Long> sourceCounts(Connection c, AnalyticsQuery q, String source) throws SQLException {
        if (OWN_SOURCE.equals(source)) {
            return groupCounts(c, q);
        }
        // A published figure counts in proportion to the days its period shares with ours.
        Sql sql = new Sql("""
                select grp, sum(count * (least(period_end + 1, ?) - greatest(period_start, ?))::float8
                                 / (period_end + 1 - period_start)) n
                from external_stats where source = ? and period_start < ? and period_end >= ?""",
                q.toDayExclusive(), q.fromDay(), source, q.toDayExclusive(), q.fromDay());
        q.municipalities().ifPresent(m -> sql.append("and municipality = any(?)", m));
        if (q.group() != null) {
            sql.append("and grp = ?", q.group());
        }
        sql.append("group by grp");
        Map<String, Long> out = new HashMap<>();
        sql.list(c, rs -> out.put(rs.getString("grp"), Math.round(rs.getDouble("n"))));
        return out;
    }

    /** The period's whole days in the rollups, with the scope and filters. */
    private static Sql rollupWhere(AnalyticsQuery q) {
        return new Sql("day >= ? and day < ?", q.wholeDaysFrom(), q.wholeDaysEnd()).append(filters(q, ""));
    }

    private static Sql factsWhere(AnalyticsQuery q, String alias) {
        return factsWhere(q, new AnalyticsQuery.Span(q.from(), q.to()), alias);
    }

    private static Sql factsWhere(AnalyticsQuery q, AnalyticsQuery.Span span, String alias) {
        return new Sql(alias + NOT_REPLY + " and " + alias + "published_at >= ? and " + alias + "published_at < ?",
                span.from(), span.to()).append(filters(q, alias));
    }

    /** The caller's scope and the optional filters, as SQL over the shared column names. */
    public static Sql filters(AnalyticsQuery q, String alias) {
        Sql sql = new Sql("");
        q.municipalities().ifPresent(m -> sql.append("and " + alias + "municipality = any(?)", m));
        if (q.district() != null) {
            sql.append("and " + alias + "district = ?", q.district());
        }
        if (q.source() != null) {
            sql.append("and " + alias + "source = ?", q.source());
        }
        if (q.group() != null) {
            sql.append("and " + alias + "grp = ?", q.group());
        }
        return sql;
    }

    private static double hours(Duration d) {
        return Math.round(d.toSeconds() / 36.0) / 100.0;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @FunctionalInterface
    private interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T run(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException("analytics query failed", e);
        }
    }
}
