package ru.civicpulse.reporting.analytics;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import org.flywaydb.core.Flyway;
import ru.civicpulse.reporting.messages.MessageRepository;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.reporting.sql.ScopeSql;
import ru.civicpulse.testsupport.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Latency measurement (not a test): loads N generated messages (default 1,000,000) with their
 * rollups into an embedded PostgreSQL and times the analytics queries the endpoints run,
 * printing p50/p95 over repeated calls. See README "Latency".
 *
 * <p>The data is loaded on schema V1 and then migrated, so the run also times the migration of an
 * existing database to author sets, and keeps V1's {@code author_daily} as the reference: the
 * previous design's {@code topics} (exact {@code count(distinct)} over author days), timed in the
 * same run and checked to give the same numbers.
 *
 * <pre>mvn -B -o -q -pl reporting-service -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * cd reporting-service && java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *     ru.civicpulse.reporting.analytics.AnalyticsLatency 1000000 30</pre>
 */
public final class AnalyticsLatency {
    private AnalyticsLatency() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int few = Math.max(3, calls / 5);
        String url = EmbeddedPostgres.database("reporting_latency");
        Flyway.configure().dataSource(url, EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD)
                .locations("classpath:db/migration").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(url, EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD)
                .locations("classpath:db/migration").target("1").load().migrate();
        try (AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(cp -> cp.maxSize(4).connectionFactoryConfiguration(cf -> cf.jdbcUrl(url)
                        .principal(new NamePrincipal(EmbeddedPostgres.USER))
                        .credential(new SimplePassword(EmbeddedPostgres.PASSWORD)))))) {
            long t0 = System.nanoTime();
            LatencyData.load(ds, messages);
            System.out.printf("loaded %,d messages with V1 rollups in %.1f s%n", messages, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            Flyway.configure().dataSource(url, EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD)
                    .locations("classpath:db/migration").load().migrate();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("vacuum analyze");
                try (ResultSet rs = s.executeQuery("select period, count(*), sum(cardinality(authors)) from author_sets group by period order by 1")) {
                    while (rs.next()) {
                        System.out.printf("author_sets %-5s %,9d rows %,11d ids%n", rs.getString(1), rs.getLong(2), rs.getLong(3));
                    }
                }
            }
            System.out.printf("migrated to author sets in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            AnalyticsService analytics = new AnalyticsService();
            analytics.dataSource = ds;
            analytics.config = config();
            SourceComparison comparison = new SourceComparison();
            comparison.dataSource = ds;
            comparison.config = analytics.config;
            MessageRepository search = new MessageRepository();
            setField(search, "dataSource", ds);

            AnalyticsQuery day = query("2026-11-20", "2026-11-21");
            AnalyticsQuery week = query("2026-11-23", "2026-11-30");
            AnalyticsQuery month = query("2026-11-01", "2026-12-01");
            AnalyticsQuery days30 = query("2026-10-15", "2026-11-14");
            AnalyticsQuery quarter = query("2026-09-01", "2026-12-01");
            AnalyticsQuery year = query("2026-01-01", "2027-01-01");
            AnalyticsQuery voronezhMonth = AnalyticsQuery.of("2026-11-01", "2026-12-01", Optional.of(Set.of("voronezh")), null, null, null);
            AnalyticsQuery voronezhYear = AnalyticsQuery.of("2026-01-01", "2027-01-01", Optional.of(Set.of("voronezh")), null, null, null);
            AnalyticsQuery districtMonth = AnalyticsQuery.of("2026-11-01", "2026-12-01", Optional.of(Set.of("voronezh")), "leninsky", null, null);
            AnalyticsQuery sourceQuarter = AnalyticsQuery.of("2026-09-01", "2026-12-01", Optional.empty(), null, "VK", null);
            AnalyticsQuery groupYear = AnalyticsQuery.of("2026-01-01", "2027-01-01", Optional.empty(), null, null, "roads");
            AnalyticsQuery partial = AnalyticsQuery.of("2026-11-01T00:00:00+03:00", "2026-11-30T12:00:00+03:00", Optional.empty(), null, null, null);

            System.out.printf("--- topics: author sets against the previous design (reference, same run); load average %.2f ---%n",
                    loadAverage());
            for (Map.Entry<String, AnalyticsQuery> e : List.of(
                    Map.entry("day", day), Map.entry("week", week), Map.entry("month", month),
                    Map.entry("30 days (Oct 15 - Nov 14)", days30), Map.entry("quarter", quarter), Map.entry("year", year),
                    Map.entry("month, Voronezh only", voronezhMonth), Map.entry("year, Voronezh only", voronezhYear),
                    Map.entry("month, Voronezh, district", districtMonth), Map.entry("quarter, source VK", sourceQuarter),
                    Map.entry("year, group roads", groupYear))) {
                AnalyticsQuery q = e.getValue();
                checkSame(e.getKey(), analytics.topics(q), reference(ds, q));
                int n = q.length().toDays() > 40 ? few : calls;
                double now = time("topics " + e.getKey(), n, () -> analytics.topics(q));
                double before = time("  reference " + e.getKey(), q.length().toDays() > 40 ? 3 : few, () -> reference(ds, q));
                System.out.printf("  ratio reference / author sets: %.1f%n", before / now);
            }
            time("topics month, not day-aligned (partial days from facts)", calls, () -> analytics.topics(partial));

            System.out.printf("--- the other endpoints; load average %.2f ---%n", loadAverage());
            time("timeseries month by day", calls, () -> analytics.timeseries(month, Interval.DAY));
            time("timeseries quarter by week", calls, () -> analytics.timeseries(quarter, Interval.WEEK));
            time("timeseries year by week", calls, () -> analytics.timeseries(year, Interval.WEEK));
            time("alerts week", calls, () -> analytics.alerts(week));
            time("alerts year", few, () -> analytics.alerts(year));
            for (Map.Entry<String, AnalyticsQuery> e : List.of(Map.entry("week", week), Map.entry("month", month),
                    Map.entry("quarter", quarter), Map.entry("year", year))) {
                AnalyticsQuery q = e.getValue();
                int n = q.length().toDays() > 40 ? few : calls;
                checkSameIncidents(e.getKey(), analytics.incidents(q, 20), referenceIncidents(ds, q, 20));
                double now = time("incidents " + e.getKey(), n, () -> analytics.incidents(q, 20));
                double before = time("  reference " + e.getKey(), q.length().toDays() > 40 ? 3 : few, () -> referenceIncidents(ds, q, 20));
                System.out.printf("  ratio reference / new: %.1f%n", before / now);
            }
            for (Map.Entry<String, AnalyticsQuery> e : List.of(Map.entry("week", week), Map.entry("month", month),
                    Map.entry("quarter", quarter), Map.entry("year", year))) {
                AnalyticsQuery q = e.getValue();
                int n = q.length().toDays() > 40 ? few : calls;
                checkSameResponses(e.getKey(), analytics.responses(q), referenceResponses(ds, q));
                double now = time("responses " + e.getKey(), n, () -> analytics.responses(q));
                double before = time("  reference " + e.getKey(), q.length().toDays() > 40 ? 3 : few, () -> referenceResponses(ds, q));
                System.out.printf("  ratio reference / new: %.1f%n", before / now);
            }
            time("comparison month", calls, () -> comparison.compare(month, List.of("civicpulse", "cur")));
            time("comparison year", few, () -> comparison.compare(year, List.of("civicpulse", "cur")));
            for (Map.Entry<String, AnalyticsQuery> e : List.of(Map.entry("month", month), Map.entry("year", year))) {
                AnalyticsQuery q = e.getValue();
                checkSameMethodology(e.getKey(), analytics.methodology(q), referenceMethodology(ds, q));
                double now = time("methodology " + e.getKey(), calls, () -> analytics.methodology(q));
                double before = time("  reference " + e.getKey(), few, () -> referenceMethodology(ds, q));
                System.out.printf("  ratio reference / new: %.1f%n", before / now);
            }
            time("search 'ямы' month, page 1", calls, () -> search.search("ямы", month, 0, 20));
        }
        System.out.printf("--- done; load average %.2f ---%n", loadAverage());
        System.exit(0);
    }

    /** The machine's 1-minute load average: other builds share the cores, so figures are read against it. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static AnalyticsQuery query(String from, String to) {
        return AnalyticsQuery.of(from, to, Optional.empty(), null, null, null);
    }

    /**
     * The previous design's topics: group counts of the period and the one before from the daily
     * rollups, and exact distinct authors by {@code count(distinct)} over V1's author days.
     */
    static TopicsResult reference(AgroalDataSource ds, AnalyticsQuery q) {
        try (Connection c = ds.getConnection()) {
            Map<String, Long> counts = new HashMap<>();
            for (AnalyticsQuery p : List.of(q, q.previous())) {
                new Sql("select grp, sum(count) n from rollup_daily where day >= ? and day < ?", p.fromDay(), p.toDayExclusive())
                        .append(ScopeSql.filters(p, "")).append("group by grp")
                        .list(c, rs -> counts.merge(rs.getString(1), rs.getLong(2), Long::sum));
            }
            Map<String, Long> authors = new HashMap<>();
            new Sql("select grp, count(distinct author_ref) n from author_daily_v1 where day >= ? and day < ?", q.fromDay(), q.toDayExclusive())
                    .append(ScopeSql.filters(q, "")).append("group by grouping sets ((grp), ())")
                    .list(c, rs -> authors.put(rs.getString(1), rs.getLong(2)));
            List<TopicsResult.GroupCount> groups = new ArrayList<>();
            authors.forEach((g, n) -> {
                if (g != null) {
                    groups.add(new TopicsResult.GroupCount(g, g, counts.getOrDefault(g, 0L), 0, 0, null, n));
                }
            });
            return new TopicsResult(q.from(), q.to(), 0, authors.getOrDefault(null, 0L), 0, groups);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The previous design's incidents query: every aggregate, modes included, for every incident of the period. */
    static List<Object[]> referenceIncidents(AgroalDataSource ds, AnalyticsQuery q, int limit) {
        Instant mid = q.from().plus(q.length().dividedBy(2));
        try (Connection c = ds.getConnection()) {
            return new Sql("""
                    with agg as (
                        select incident_key,
                               mode() within group (order by municipality) municipality,
                               mode() within group (order by district) district,
                               mode() within group (order by grp) grp,
                               mode() within group (order by topic) topic,
                               min(published_at) first_seen, max(published_at) last_seen,
                               count(*) n, count(distinct author_ref) authors,
                               count(*) filter (where published_at < ?) first_half,
                               count(*) filter (where published_at >= ?) second_half,
                               count(*) filter (where tone = 'NEGATIVE') neg,
                               count(*) filter (where urgency = 'EMERGENCY') em,
                               count(*) filter (where urgency = 'ELEVATED') el
                        from messages where incident_key is not null and kind <> 'OFFICIAL_REPLY'
                          and published_at >= ? and published_at < ? group by incident_key),
                    scored as (
                        select *, second_half::float8 / greatest(first_half, 1) - 1 growth from agg)
                    select *, authors * (1 + least(greatest(growth, 0), 2) / 2)
                                      * (1 + neg::float8 / n)
                                      * (1 + least(1.0, (2 * em + el)::float8 / n)) score
                    from scored order by score desc, n desc, incident_key limit ?""", mid, mid, q.from(), q.to(), limit)
                    .list(c, rs -> new Object[]{rs.getString("incident_key"), rs.getLong("authors"), rs.getString("grp")});
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void checkSameIncidents(String name, IncidentsResult now, List<Object[]> reference) {
        List<String> a = now.incidents().stream().map(i -> i.incidentKey() + "/" + i.uniqueAuthors() + "/" + i.group()).toList();
        List<String> b = reference.stream().map(r -> r[0] + "/" + r[1] + "/" + r[2]).toList();
        if (!a.equals(b)) {
            throw new IllegalStateException("incidents differ for " + name + ": " + a + " against " + b);
        }
        System.out.printf("incidents %s: the same %d incidents, authors and groups as the reference%n", name, a.size());
    }

    /** The previous design's response statistics and overdue list, over the facts. */
    static double[] referenceResponses(AgroalDataSource ds, AnalyticsQuery q) {
        String wait = "extract(epoch from greatest(first_reply_at - published_at, interval '0')) / 3600.0";
        try (Connection c = ds.getConnection()) {
            double[] out = new double[5];
            new Sql("select grp, municipality, grouping(grp) g_grp, grouping(municipality) g_mun,"
                    + " count(*) n, count(first_reply_at) answered,"
                    + " percentile_cont(0.5) within group (order by " + wait + ") filter (where first_reply_at is not null) median,"
                    + " percentile_cont(0.9) within group (order by " + wait + ") filter (where first_reply_at is not null) p90"
                    + " from messages where kind <> 'OFFICIAL_REPLY' and published_at >= ? and published_at < ?", q.from(), q.to())
                    .append("group by grouping sets ((grp), (municipality), ())")
                    .list(c, rs -> {
                        if (rs.getInt("g_grp") == 1 && rs.getInt("g_mun") == 1) {
                            out[0] = rs.getLong("n");
                            out[1] = rs.getLong("answered");
                            out[2] = rs.getDouble("median");
                            out[3] = rs.getDouble("p90");
                        }
                        return null;
                    });
            new Sql("""
                    select *, count(*) over () total from (
                        select m.message_id, m.text, m.published_at + make_interval(secs => case when m.urgency = 'EMERGENCY'
                                   then 7200 else 86400 end) deadline
                        from messages m
                        where m.first_reply_at is null and m.kind <> 'OFFICIAL_REPLY' and m.published_at >= ? and m.published_at < ?) o
                    where deadline < ? order by deadline, message_id limit 100""", q.from(), q.to(), Instant.now())
                    .list(c, rs -> out[4] = rs.getLong("total"));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void checkSameResponses(String name, ResponsesResult now, double[] reference) {
        ResponsesResult.Stats o = now.overall();
        boolean same = o.messages() == reference[0] && o.answered() == reference[1]
                && Math.abs(o.medianHours() - reference[2]) <= 1 / 3600.0 && Math.abs(o.p90Hours() - reference[3]) <= 1 / 3600.0
                // messages may pass their deadline between the two calls
                && Math.abs(now.overdueTotal() - reference[4]) <= 5;
        if (!same) {
            throw new IllegalStateException("responses differ for " + name + ": " + o + " overdue " + now.overdueTotal()
                    + " against " + java.util.Arrays.toString(reference));
        }
        System.out.printf("responses %s: %,d messages, median %.4f h, p90 %.4f h, %,d overdue: as the reference (waits to the second)%n",
                name, o.messages(), o.medianHours(), o.p90Hours(), now.overdueTotal());
    }

    /** The previous design's methodology: model versions, review and confidence over the facts. */
    static List<Object[]> referenceMethodology(AgroalDataSource ds, AnalyticsQuery q) {
        try (Connection c = ds.getConnection()) {
            return new Sql("""
                    select model_version, count(*) n, count(*) filter (where needs_review) review, sum(confidence) conf
                    from messages where kind <> 'OFFICIAL_REPLY' and published_at >= ? and published_at < ?
                    group by model_version order by n desc, model_version""", q.from(), q.to())
                    .list(c, rs -> new Object[]{rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)});
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void checkSameMethodology(String name, MethodologyResult now, List<Object[]> reference) {
        List<String> a = now.modelVersions().stream().map(v -> v.version() + "=" + v.messages()).toList();
        List<String> b = reference.stream().map(r -> r[0] + "=" + r[1]).toList();
        long review = reference.stream().mapToLong(r -> (Long) r[2]).sum();
        double confidence = reference.stream().mapToDouble(r -> (Double) r[3]).sum() / Math.max(1, now.messages());
        if (!a.equals(b) || now.needsReview() != review || Math.abs(now.meanConfidence() - confidence) > 1e-6) {
            throw new IllegalStateException("methodology differs for " + name + ": " + a + " " + now.needsReview() + " "
                    + now.meanConfidence() + " against " + b + " " + review + " " + confidence);
        }
        System.out.printf("methodology %s: %s, %,d needing review, mean confidence %.6f: as the reference%n",
                name, a, review, now.meanConfidence());
    }

    /** The author sets must give exactly the previous design's unique authors. */
    static void checkSame(String name, TopicsResult now, TopicsResult reference) {
        Map<String, Long> a = new TreeMap<>();
        now.groups().forEach(g -> a.put(g.group(), g.uniqueAuthors()));
        a.values().removeIf(v -> v == 0);
        Map<String, Long> b = new TreeMap<>();
        reference.groups().forEach(g -> b.put(g.group(), g.uniqueAuthors()));
        if (now.uniqueAuthors() != reference.uniqueAuthors() || !a.equals(b)) {
            throw new IllegalStateException("unique authors differ for " + name + ": " + now.uniqueAuthors() + " " + a
                    + " against " + reference.uniqueAuthors() + " " + b);
        }
        System.out.printf("topics %s: %,d unique authors, same as the reference in total and in all %d groups%n",
                name, now.uniqueAuthors(), a.size());
    }

    static double time(String name, int calls, Supplier<Object> call) {
        call.get();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(ms);
        double p50 = ms.get((int) Math.floor(0.5 * (calls - 1)));
        System.out.printf("%-56s n=%3d  p50 %8.1f ms  p95 %8.1f ms%n", name, calls, p50, ms.get((int) Math.ceil(0.95 * (calls - 1))));
        return p50;
    }

    static ReportingConfig config() {
        return new ReportingConfig() {
            public java.time.Period maxPeriod() { return java.time.Period.ofYears(10); }
            public Duration responseDeadline() { return Duration.ofHours(24); }
            public Duration emergencyDeadline() { return Duration.ofHours(2); }
            public Map<String, Duration> groupDeadlines() { return Map.of(); }
            public Spike spike() {
                return new Spike() {
                    public int baselineDays() { return 28; }
                    public int windowDays() { return 1; }
                    public double pValue() { return 0.01; }
                    public int minCount() { return 5; }
                };
            }
        };
    }

    static void setField(Object target, String name, Object value) throws Exception {
        var f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        f.set(target, value);
    }
}
