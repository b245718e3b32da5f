package ru.civicpulse.reporting.readmodel;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Read-model rebuilds, kept in the database so that any replica can report a run's progress. At most
 * one is QUEUED or RUNNING at a time (a unique index decides between replicas).
 */
@ApplicationScoped
public class RebuildRepository {
    /** A run that has not moved for this long lost its replica: it no longer blocks a new one. */
    static final String ABANDONED_AFTER = "15 minutes";

    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    public record Job(UUID id, Status status, String requestedBy, Instant createdAt, Instant startedAt, Instant finishedAt,
                      long startOffsets, long endOffsets, long positions, long eventsRead, long eventsApplied,
                      long unreadable, String error) {
        /** How far the positions got from the first offsets to the end offsets captured at the start, 0..1. */
        public double progress() {
            if (status == Status.DONE) {
                return 1;
            }
            long total = endOffsets - startOffsets;
            return status == Status.QUEUED || total <= 0 ? 0 : Math.min(1, Math.max(0, (double) (positions - startOffsets) / total));
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Stores a new QUEUED run; empty when another is QUEUED or RUNNING. A run abandoned by its replica
     * (no progress for {@link #ABANDONED_AFTER}) is marked FAILED first, so it cannot block rebuilds forever.
     */
    public Optional<UUID> create(String requestedBy) {
        UUID id = UUID.randomUUID();
        return Sql.onConnection(dataSource, "Could not store the read-model rebuild", c -> {
            new Sql("update read_model_rebuilds set status = 'FAILED', error = ?, finished_at = now(), updated_at = now()"
                    + " where status in ('QUEUED', 'RUNNING') and updated_at < now() - ?::interval",
                    "abandoned: no progress for " + ABANDONED_AFTER, ABANDONED_AFTER).update(c);
            try {
                new Sql("insert into read_model_rebuilds (id, status, requested_by) values (?, ?, ?)",
                        id, Status.QUEUED.name(), requestedBy).update(c);
                return Optional.of(id);
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** The run starts: RUNNING with the offsets it reads between. */
    public void started(UUID id, long startOffsets, long endOffsets) {
        update(new Sql("update read_model_rebuilds set status = ?, started_at = now(), updated_at = now(), start_offsets = ?,"
                + " end_offsets = ?, positions = ? where id = ?", Status.RUNNING.name(), startOffsets, endOffsets, startOffsets, id));
    }

    public void progress(UUID id, long positions, long eventsRead, long eventsApplied, long unreadable) {
        update(new Sql("update read_model_rebuilds set positions = ?, events_read = ?, events_applied = ?, unreadable = ?,"
                + " updated_at = now() where id = ?", positions, eventsRead, eventsApplied, unreadable, id));
    }

    public void finished(UUID id) {
        update(new Sql("update read_model_rebuilds set status = ?, finished_at = now(), updated_at = now() where id = ?",
                Status.DONE.name(), id));
    }

    public void failed(UUID id, String error) {
        update(new Sql("update read_model_rebuilds set status = ?, error = ?, finished_at = now(), updated_at = now() where id = ?",
                Status.FAILED.name(), error, id));
    }

    public Optional<Job> find(UUID id) {
        return Sql.onConnection(dataSource, "Could not read read-model rebuild " + id, c -> new Sql("""
                select id, status, requested_by, created_at, started_at, finished_at, start_offsets, end_offsets, positions,
                       events_read, events_applied, unreadable, error
                from read_model_rebuilds where id = ?""", id).optional(c, rs -> new Job(rs.getObject("id", UUID.class),
                Status.valueOf(rs.getString("status")), rs.getString("requested_by"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"), rs.getLong("start_offsets"),
                rs.getLong("end_offsets"), rs.getLong("positions"), rs.getLong("events_read"), rs.getLong("events_applied"),
                rs.getLong("unreadable"), rs.getString("error"))));
    }

    private void update(Sql statement) {
        Sql.onConnection(dataSource, "Could not store the read-model rebuild", statement::update);
    }
}
