package ru.civicpulse.reporting.external;

import ru.civicpulse.common.sql.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Statistics of other sources, replaced as a whole per source. */
@ApplicationScoped
public class ExternalStatsRepository {

    public record Row(LocalDate periodStart, LocalDate periodEnd, String municipality, String group, long count) {
    }

    public record SourceSummary(String source, long rows, long total, LocalDate from, LocalDate to, Instant uploadedAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public void replace(String source, Collection<Row> rows, String uploadedBy) {
        Sql.onConnection(dataSource, "Could not store the statistics of " + source, c -> {
            // two uploads of one source at once: without the lock both delete the old set, and the
            // second insert then collides with the first one's rows
            new Sql("select pg_advisory_xact_lock(hashtext(?)) locked", "external-stats:" + source).list(c, rs -> 1);
            new Sql("delete from external_stats where source = ?", source).update(c);
            Sql.Batch insert = Sql.batch("""
                    insert into external_stats (source, period_start, period_end, municipality, grp, count, uploaded_at, uploaded_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""");
            Instant now = Instant.now();
            for (Row r : rows) {
                insert.add(source, r.periodStart(), r.periodEnd(), r.municipality(), r.group(), r.count(), now, uploadedBy);
            }
            return insert.execute(c);
        });
    }

    /**
     * Per source, its rows within {@code municipalities} ({@code Optional.empty()} = all): a source
     * with nothing there is not listed, and counts, totals and periods cover those rows only.
     */
    public List<SourceSummary> sources(Optional<Set<String>> municipalities) {
        Sql sql = new Sql("""
                select source, count(*) n, sum(count) total, min(period_start) f, max(period_end) t, max(uploaded_at) u
                from external_stats where true""");
        municipalities.ifPresent(m -> sql.append("and municipality = any(?)", m));
        sql.append("group by source order by source");
        return Sql.onConnection(dataSource, "Could not list the statistics sources", c -> sql.list(c, rs -> new SourceSummary(
                rs.getString("source"), rs.getLong("n"), rs.getLong("total"), rs.getObject("f", LocalDate.class),
                rs.getObject("t", LocalDate.class), Sql.instant(rs, "u"))));
    }
}
