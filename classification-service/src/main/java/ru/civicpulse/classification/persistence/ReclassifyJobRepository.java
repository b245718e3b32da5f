package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Re-classification runs, kept in the database so any replica can report a run's progress. */
@ApplicationScoped
public class ReclassifyJobRepository {

    public record Job(UUID id, JobRepository.Status status, Instant from, Instant to, String modelVersion, int messages,
                      int done, int reclassified, int unchanged, int failed, String error, String createdBy,
                      Instant createdAt, Instant updatedAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    public void create(UUID id, Instant from, Instant to, String modelVersion, int messages, String createdBy) {
        update(new Sql("insert into reclassify_jobs (id, status, period_from, period_to, model_version, messages, created_by) "
                + "values (?, ?, ?, ?, ?, ?, ?)", id, JobRepository.Status.QUEUED.name(), from, to, modelVersion, messages, createdBy));
    }

    /** Counts so far; the status becomes RUNNING. */
    public void progress(UUID id, int done, int reclassified, int unchanged, int failed) {
        update(new Sql("update reclassify_jobs set status = ?, done = ?, reclassified = ?, unchanged = ?, failed = ?, "
                + "updated_at = now() where id = ?", JobRepository.Status.RUNNING.name(), done, reclassified, unchanged, failed, id));
    }

    public void finished(UUID id) {
        update(new Sql("update reclassify_jobs set status = ?, updated_at = now() where id = ?", JobRepository.Status.DONE.name(), id));
    }

    public void failed(UUID id, String error) {
        update(new Sql("update reclassify_jobs set status = ?, error = ?, updated_at = now() where id = ?",
                JobRepository.Status.FAILED.name(), error, id));
    }

    public Optional<Job> find(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select id, status, period_from, period_to, model_version, messages, done, reclassified, unchanged, "
                    + "failed, error, created_by, created_at, updated_at from reclassify_jobs where id = ?", id)
                    .optional(c, rs -> new Job(rs.getObject("id", UUID.class), JobRepository.Status.valueOf(rs.getString("status")),
                            Sql.instant(rs, "period_from"), Sql.instant(rs, "period_to"), rs.getString("model_version"),
                            rs.getInt("messages"), rs.getInt("done"), rs.getInt("reclassified"), rs.getInt("unchanged"),
                            rs.getInt("failed"), rs.getString("error"), rs.getString("created_by"),
                            Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at")));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read re-classification run " + id, e);
        }
    }

    private void update(Sql statement) {
        try (Connection c = dataSource.getConnection()) {
            statement.update(c);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not store the re-classification run", e);
        }
    }
}
