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

/** Training jobs, kept in the database so any replica can report a job's progress. */
@ApplicationScoped
public class JobRepository {

    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    public record Job(UUID id, Status status, String stage, double progress, String error, String modelVersion,
                      boolean includeFeedback, String createdBy, Instant createdAt, Instant updatedAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    public void create(UUID id, boolean includeFeedback, String createdBy) {
        update(new Sql("insert into training_jobs (id, status, stage, progress, include_feedback, created_by) "
                + "values (?, ?, 'queued', 0, ?, ?)", id, Status.QUEUED.name(), includeFeedback, createdBy));
    }

    public void progress(UUID id, String stage, double progress) {
        update(new Sql("update training_jobs set status = ?, stage = ?, progress = ?, updated_at = now() where id = ?",
                Status.RUNNING.name(), stage, progress, id));
    }

    public void done(UUID id, String modelVersion) {
        update(new Sql("update training_jobs set status = ?, stage = 'done', progress = 1, model_version = ?, updated_at = now() "
                + "where id = ?", Status.DONE.name(), modelVersion, id));
    }

    public void failed(UUID id, String error) {
        update(new Sql("update training_jobs set status = ?, error = ?, updated_at = now() where id = ?",
                Status.FAILED.name(), error, id));
    }

    public Optional<Job> find(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select id, status, stage, progress, error, model_version, include_feedback, created_by, created_at, "
                    + "updated_at from training_jobs where id = ?", id)
                    .optional(c, rs -> new Job(rs.getObject("id", UUID.class), Status.valueOf(rs.getString("status")),
                            rs.getString("stage"), rs.getDouble("progress"), rs.getString("error"), rs.getString("model_version"),
                            rs.getBoolean("include_feedback"), rs.getString("created_by"), Sql.instant(rs, "created_at"),
                            Sql.instant(rs, "updated_at")));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read training job " + id, e);
        }
    }

    private void update(Sql statement) {
        try (Connection c = dataSource.getConnection()) {
            statement.update(c);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not store the training job", e);
        }
    }
}
