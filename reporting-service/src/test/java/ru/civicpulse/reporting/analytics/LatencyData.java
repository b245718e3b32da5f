package ru.civicpulse.reporting.analytics;

import io.agroal.api.AgroalDataSource;
import ru.civicpulse.contracts.Taxonomy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Collectors;

/** The generated read model {@link AnalyticsLatency} times its queries on: messages, rollups and V1's author days. */
final class LatencyData {
    private LatencyData() {
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
            // a regional centre's monthly figures to compare with
            s.execute("""
                    insert into external_stats select 'cur', m, (m + interval '1 month' - interval '1 day')::date, mun, g,
                           100 + floor(random() * 900)::int, now(), 'latency'
                    from unnest(array[date '2026-09-01', date '2026-10-01', date '2026-11-01']) m,
                         unnest(array['voronezh', 'novovoronezh']) mun, unnest(array[%s]) g""".formatted(groups));
            // the previous design's table, kept for the reference queries
            s.execute("create table author_daily_v1 (like author_daily including all)");
            s.execute("insert into author_daily_v1 select * from author_daily");
            s.execute("vacuum analyze");
        }
    }
}
