package ru.civicpulse.reporting.report;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.common.outbox.Outbox;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.common.sql.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Report jobs, documents and the outbox in PostgreSQL. Every read takes the caller's municipality
 * scope ({@code Optional.empty()} = all), so a report outside it is simply not found.
 */
@ApplicationScoped
public class ReportRepository {
    private static final String COLUMNS = """
            r.id, r.status, r.municipality, r.period_from, r.period_to, r.trigger, r.requested_by, r.created_at,
            r.started_at, r.finished_at, r.generation_ms, r.error, r.kind, r.grp, r.executor_id,
            array(select d.format from report_documents d where d.report_id = r.id order by d.format) formats""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

    /** A stored document: its bytes and media type. */
    public record Document(String contentType, byte[] content) {
    }

    @Transactional
    public void insert(Report r) {
        Sql.onConnection(dataSource, "Could not store report " + r.id(), c -> new Sql("insert into reports (id, status,"
                + " municipality, period_from, period_to, trigger, requested_by, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.status().name(), r.municipality(), r.from(), r.to(),
                r.trigger().name(), r.requestedBy(), r.createdAt()).update(c));
    }

    /**
     * Inserts an on-demand job unless its requester already has {@code maxWaiting} jobs QUEUED or
     * RUNNING; true when inserted. Orders of one requester are serialised by a transaction-scoped
     * advisory lock, so parallel orders cannot overshoot the limit, on any instance.
     */
    @Transactional
    public boolean insertIfFewerWaiting(Report r, int maxWaiting) {
        return Sql.onConnection(dataSource, "Could not queue report " + r.id(), c -> {
            new Sql("select pg_advisory_xact_lock(hashtext(?)) locked", "report-order:" + r.requestedBy()).list(c, rs -> 1);
            long waiting = new Sql("select count(*) n from reports where requested_by = ? and status in ('QUEUED', 'RUNNING')"
                    + " and trigger = 'ON_DEMAND'", r.requestedBy()).list(c, rs -> rs.getLong("n")).get(0);
            if (waiting >= maxWaiting) {
                return false;
            }
            new Sql("insert into reports (id, status, municipality, period_from, period_to, trigger, requested_by, created_at,"
                    + " kind, grp, executor_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.status().name(), r.municipality(),
                    r.from(), r.to(), r.trigger().name(), r.requestedBy(), r.createdAt(), r.kind().name(), r.group(), r.executor())
                    .update(c);
            return true;
        });
    }

    /** Inserts a weekly job unless that municipality's week already has one; true when inserted. */
    @Transactional
    public boolean insertWeeklyOnce(Report r) {
        return Sql.onConnection(dataSource, "Could not queue weekly report " + r.id(), c -> new Sql("insert into reports (id,"
                + " status, municipality, period_from, period_to, trigger, requested_by, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (municipality, period_from, period_to) where trigger = 'WEEKLY' do nothing",
                r.id(), r.status().name(), r.municipality(), r.from(), r.to(), r.trigger().name(), r.requestedBy(), r.createdAt())
                .update(c)) == 1;
    }

    /** Takes the oldest queued job (or one whose worker vanished) and marks it RUNNING; skips jobs other instances hold. */
    @Transactional
    public Optional<Report> claimNext(Instant now, Instant staleBefore) {
        return Sql.onConnection(dataSource, "Could not claim a queued report", c -> new Sql("""
                update reports r set status = 'RUNNING', started_at = ?
                where r.id = (select id from reports
                              where status = 'QUEUED' or (status = 'RUNNING' and started_at < ?)
                              order by created_at limit 1 for update skip locked)
                returning""", now, staleBefore).append(COLUMNS).list(c, ReportRepository::report))
                .stream().findFirst();
    }

    /**
     * Stores the documents, marks the job DONE and queues its announcement (when there is one:
     * briefs are not announced), all in one transaction.
     */
    @Transactional
    public void complete(UUID id, Map<ReportDocument, byte[]> documents, Instant finishedAt, long millis, String eventJson) {
        Sql.onConnection(dataSource, "Could not store the documents of report " + id, c -> {
            for (Map.Entry<ReportDocument, byte[]> d : documents.entrySet()) {
                new Sql("insert into report_documents (report_id, format, content_type, content) values (?, ?, ?, ?)"
                        + " on conflict (report_id, format) do update set content_type = excluded.content_type, content = excluded.content",
                        id, d.getKey().code(), d.getKey().contentType(), d.getValue()).update(c);
            }
            new Sql("update reports set status = 'DONE', finished_at = ?, generation_ms = ?, error = null where id = ?",
                    finishedAt, millis, id).update(c);
            return 0;
        });
        if (eventJson != null) {
            outbox.add(Topics.REPORTS_PUBLISHED, id.toString(), eventJson);
        }
    }

    @Transactional
    public void fail(UUID id, Instant finishedAt, String error) {
        Sql.onConnection(dataSource, "Could not mark report " + id + " failed", c -> new Sql(
                "update reports set status = 'FAILED', finished_at = ?, error = ? where id = ?", finishedAt, error, id).update(c));
    }

    @Transactional
    public Optional<Report> find(UUID id, Report.Kind kind, Optional<Set<String>> scope) {
        Sql sql = new Sql("select").append(COLUMNS).append("from reports r where r.id = ? and r.kind = ?", id, kind.name());
        scope.ifPresent(s -> sql.append("and r.municipality = any(?)", s));
        return Sql.onConnection(dataSource, "Could not read report " + id, c -> sql.list(c, ReportRepository::report)).stream().findFirst();
    }

    /** The name of {@code executor} when it is one of {@code municipality}'s executors. */
    @Transactional
    public Optional<String> executorName(UUID executor, String municipality) {
        return Sql.onConnection(dataSource, "Could not read executor " + executor, c -> new Sql(
                "select name from executors where id = ? and municipality = ?", executor, municipality)
                .optional(c, rs -> rs.getString("name")));
    }

    /** Newest first. */
    @Transactional
    public List<Report> list(Report.Kind kind, Optional<Set<String>> scope, String municipality, int limit) {
        Sql sql = new Sql("select").append(COLUMNS).append("from reports r where r.kind = ?", kind.name());
        scope.ifPresent(s -> sql.append("and r.municipality = any(?)", s));
        if (municipality != null) {
            sql.append("and r.municipality = ?", municipality);
        }
        sql.append("order by r.created_at desc, r.id limit ?", limit);
        return Sql.onConnection(dataSource, "Could not list reports", c -> sql.list(c, ReportRepository::report));
    }

    @Transactional
    public Optional<Document> document(UUID id, ReportDocument format, Optional<Set<String>> scope) {
        Sql sql = new Sql("select d.content_type, d.content from report_documents d join reports r on r.id = d.report_id"
                + " where d.report_id = ? and d.format = ?", id, format.code());
        scope.ifPresent(s -> sql.append("and r.municipality = any(?)", s));
        return Sql.onConnection(dataSource, "Could not read a document of report " + id,
                c -> sql.list(c, rs -> new Document(rs.getString(1), rs.getBytes(2)))).stream().findFirst();
    }

    private static Report report(ResultSet rs) throws SQLException {
        long millis = rs.getLong("generation_ms");
        Long generation = rs.wasNull() ? null : millis;
        java.sql.Array formats = rs.getArray("formats");
        List<String> codes = formats == null ? List.of() : Arrays.asList((String[]) formats.getArray());
        // Listed in the canonical order (pdf, html, xlsx, csv), not alphabetically.
        List<String> ordered = ReportDocument.codes().stream().filter(codes::contains).toList();
        return new Report(rs.getObject("id", UUID.class), Report.Status.valueOf(rs.getString("status")),
                rs.getString("municipality"), Sql.instant(rs, "period_from"), Sql.instant(rs, "period_to"),
                Report.Trigger.valueOf(rs.getString("trigger")), rs.getString("requested_by"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"),
                generation, rs.getString("error"), ordered, Report.Kind.valueOf(rs.getString("kind")), rs.getString("grp"),
                rs.getObject("executor_id", UUID.class));
    }
}
