package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.common.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes every table derived from the fact rows again, from the fact rows alone, with one
 * {@code insert … select … group by} per table. A rebuild uses it once, after it has written the
 * facts: summing a whole topic's deltas batch by batch ({@link RollupWriter}, {@link AuthorSetWriter},
 * {@link ResponseWriter}) costs several times more than grouping the facts once. The live consumer
 * keeps applying deltas; both give the same rows, which {@code ReadModelRebuildTest} compares table by
 * table. Counted messages are those that are not official replies; author ids are given anew in
 * author order (they mean nothing outside these tables).
 */
final class RollupsFromFacts {
    /** The tables written here, emptied first; the caller holds their locks in the live consumer's order. */
    static final String TRUNCATE = "truncate rollup_daily, rollup_periods, model_rollup, authors, author_daily, author_sets,"
            + " response_daily, response_monthly restart identity";

    private static final List<String> STATEMENTS = List.of(
            """
            insert into rollup_daily (day, municipality, district, grp, source, tone, count)
            select day, municipality, district, grp, source, tone, count(*)
            from messages where kind <> 'OFFICIAL_REPLY'
            group by day, municipality, district, grp, source, tone""",
            """
            insert into rollup_periods (period, period_start, municipality, district, grp, source, tone, count)
            select p.period, date_trunc(p.period, day)::date, municipality, district, grp, source, tone, sum(count)
            from rollup_daily cross join (values ('week'), ('month')) p(period)
            group by 1, 2, municipality, district, grp, source, tone""",
            """
            insert into model_rollup (period, period_start, municipality, district, grp, source, model_version,
                                      messages, needs_review, confidence_micros)
            select p.period, case p.period when 'day' then day else date_trunc(p.period, day)::date end,
                   municipality, district, grp, source, model_version,
                   count(*), count(*) filter (where needs_review), sum(floor(confidence * 1000000 + 0.5))::bigint
            from messages cross join (values ('day'), ('week'), ('month')) p(period)
            where kind <> 'OFFICIAL_REPLY'
            group by 1, 2, municipality, district, grp, source, model_version""",
            """
            insert into authors (author_ref)
            select distinct author_ref from messages
            where kind <> 'OFFICIAL_REPLY' and author_ref is not null order by author_ref""",
            """
            insert into author_daily (municipality, district, grp, source, author_id, day, messages)
            select m.municipality, m.district, m.grp, m.source, a.id, m.day, count(*)
            from messages m join authors a on a.author_ref = m.author_ref
            where m.kind <> 'OFFICIAL_REPLY'
            group by m.municipality, m.district, m.grp, m.source, a.id, m.day""",
            """
            insert into author_sets (period, period_start, municipality, district, grp, source, authors)
            select p.period, case p.period when 'day' then day else date_trunc(p.period, day)::date end,
                   municipality, district, grp, source, array_agg(distinct author_id order by author_id)
            from author_daily cross join (values ('day'), ('week'), ('month')) p(period)
            group by 1, 2, municipality, district, grp, source""",
            "insert into response_daily select * from response_buckets",
            """
            insert into response_monthly (month, municipality, district, grp, source, messages, unanswered, waits)
            select date_trunc('month', day)::date, municipality, district, grp, source, count(*),
                   count(*) filter (where reply_seconds is null),
                   coalesce(array_agg(reply_seconds order by reply_seconds) filter (where reply_seconds is not null), '{}')
            from response_facts group by 1, municipality, district, grp, source""");

    private RollupsFromFacts() {
    }

    /** Empties the derived tables and writes them from the fact rows, in the caller's transaction. */
    static void recompute(Connection c) throws SQLException {
        new Sql(TRUNCATE).update(c);
        for (String statement : STATEMENTS) {
            new Sql(statement).update(c);
        }
    }
}
