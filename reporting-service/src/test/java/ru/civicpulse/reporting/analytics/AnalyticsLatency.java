package ru.civicpulse.reporting.analytics;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import org.flywaydb.core.Flyway;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.config.ReportingConfig;
import ru.civicpulse.reporting.persistence.MessageRepository;
import ru.civicpulse.testsupport.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Latency measurement (not a test): loads N generated messages (default 1,000,000) with their
 * rollups into an embedded PostgreSQL and times the analytics queries the endpoints run,
 * printing p50/p95 over repeated calls. See README "Latency".
 *
 * <pre>mvn -o -pl reporting-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=ru.civicpulse.reporting.analytics.AnalyticsLatency -Dexec.args="1000000 30"</pre>
 */
public final class AnalyticsLatency {
    private AnalyticsLatency() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String url = EmbeddedPostgres.database("reporting_latency");
        Flyway.configure().dataSource(url, EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD)
                .locations("classpath:db/migration").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(url, EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD)
                .locations("classpath:db/migration").load().migrate();
        try (AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(cp -> cp.maxSize(4).connectionFactoryConfiguration(cf -> cf.jdbcUrl(url)
                        .principal(new NamePrincipal(EmbeddedPostgres.USER))
                        .credential(new SimplePassword(EmbeddedPostgres.PASSWORD)))))) {
            long t0 = System.nanoTime();
            load(ds, messages);
            System.out.printf("loaded %,d messages with rollups in %.1f s%n", messages, (System.nanoTime() - t0) / 1e9);

            AnalyticsService analytics = new AnalyticsService();
            analytics.dataSource = ds;
            analytics.config = config();
            MessageRepository search = new MessageRepository();
            setField(search, "dataSource", ds);

            AnalyticsQuery month = AnalyticsQuery.of("2026-11-01", "2026-12-01", Optional.empty(), null, null, null);
            AnalyticsQuery voronezhMonth = AnalyticsQuery.of("2026-11-01", "2026-12-01", Optional.of(Set.of("voronezh")), null, null, null);
            AnalyticsQuery week = AnalyticsQuery.of("2026-11-23", "2026-11-30", Optional.empty(), null, null, null);
            AnalyticsQuery quarter = AnalyticsQuery.of("2026-09-01", "2026-12-01", Optional.empty(), null, null, null);
            AnalyticsQuery partial = AnalyticsQuery.of("2026-11-01T00:00:00+03:00", "2026-11-30T12:00:00+03:00", Optional.empty(), null, null, null);
            time("topics month (rollups)", calls, () -> analytics.topics(month));
            time("topics month voronezh (rollups)", calls, () -> analytics.topics(voronezhMonth));
            time("topics week (rollups)", calls, () -> analytics.topics(week));
            time("topics quarter (rollups)", calls, () -> analytics.topics(quarter));
            time("topics month, not day-aligned (facts)", Math.max(3, calls / 5), () -> analytics.topics(partial));
            time("timeseries quarter by week", calls, () -> analytics.timeseries(quarter, Interval.WEEK));
            time("alerts week", calls, () -> analytics.alerts(week));
            time("incidents week", calls, () -> analytics.incidents(week, 20));
            time("incidents month", Math.max(3, calls / 5), () -> analytics.incidents(month, 20));
            time("responses week", calls, () -> analytics.responses(week));
            time("responses month", Math.max(3, calls / 5), () -> analytics.responses(month));
            time("methodology month", Math.max(3, calls / 5), () -> analytics.methodology(month));
            time("search 'ямы' month, page 1", calls, () -> search.search("ямы", month, 0, 20));
        }
        System.exit(0);
    }

    static void load(AgroalDataSource ds, int messages) throws Exception {
        String groups = Taxonomy.groups().stream().map(g -> "'" + g.code() + "'").collect(Collectors.joining(","));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("select setseed(0.42)");
            // 90 days up to 1 Dec 2026; Voronezh 85 % over 6 districts (+ unknown), groups skewed towards the first ones
            s.execute("""
                    insert into messages (message_id, revision, model_version, classified_at, source, kind, author_ref, text,
                        published_at, day, municipality, district, grp, topic, confidence, needs_review, tone,
                        sentiment_score, urgency, incident_key, first_reply_at)
                    select md5(i::text)::uuid, 1, case when i %% 10 = 0 then 'm-2' else 'm-1' end, ts + interval '5 s',
                           (array['VK','TELEGRAM','OK','POS','INCIDENT_IMPORT','API'])[1 + (i %% 6)], 'POST',
                           'ar_' || floor(r1 * 60000)::int,
                           (array['Ямы на дороге во дворе','Нет горячей воды','Не вывозят мусор','Не горят фонари',
                                  'Долго ждать автобус','Запись к врачу невозможна'])[1 + (i %% 6)] || ' дом ' || (i %% 300),
                           ts, (ts at time zone 'Europe/Moscow')::date,
                           case when r2 < 0.85 then 'voronezh' else 'novovoronezh' end,
                           case when r2 >= 0.85 then '' else (array['zheleznodorozhny','kominternovsky','leninsky',
                                'levoberezhny','sovetsky','tsentralny',''])[1 + floor(r3 * 7)::int] end,
                           g, g || '/x', 0.5 + r4 / 2, r4 < 0.1,
                           case when r5 < 0.6 then 'NEGATIVE' when r5 < 0.9 then 'NEUTRAL' else 'POSITIVE' end, 0,
                           case when r6 < 0.01 then 'EMERGENCY' when r6 < 0.1 then 'ELEVATED' else 'NONE' end,
                           case when r3 < 0.2 then 'inc-' || floor(r1 * 5000)::int end,
                           case when r4 < 0.4 then ts + r5 * interval '72 hours' end
                    from (select i, timestamptz '2026-09-02 00:00+03' + random() * interval '90 days' ts,
                                 random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                                 (array[%s])[1 + floor(power(random(), 2) * 17)::int] g
                          from generate_series(1, %d) i) x""".formatted(groups, messages));
            s.execute("""
                    insert into rollup_daily select day, municipality, district, grp, source, tone, count(*)
                    from messages where kind <> 'OFFICIAL_REPLY' group by 1, 2, 3, 4, 5, 6""");
            s.execute("""
                    insert into author_daily select day, municipality, district, grp, source, author_ref, count(*)
                    from messages where kind <> 'OFFICIAL_REPLY' group by 1, 2, 3, 4, 5, 6""");
            s.execute("vacuum analyze");
        }
    }

    static void time(String name, int calls, Supplier<Object> call) {
        call.get();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(ms);
        System.out.printf("%-40s n=%3d  p50 %8.1f ms  p95 %8.1f ms%n", name, calls,
                ms.get((int) Math.floor(0.5 * (calls - 1))), ms.get((int) Math.ceil(0.95 * (calls - 1))));
    }

    static ReportingConfig config() {
        return new ReportingConfig() {
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
