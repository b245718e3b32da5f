package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        execute("insert into training_jobs (id, status, stage, progress, include_feedback, created_by) values (?, ?, 'queued', 0, ?, ?)",
                id, Status.QUEUED.name(), includeFeedback, createdBy);
    }

    public void progress(UUID id, String stage, double progress) {
        execute("update training_jobs set status = ?, stage = ?, progress = ?, updated_at = now() where id = ?",
                Status.RUNNING.name(), stage, progress, id);
    }

    public void done(UUID id, String modelVersion) {
        execute("update training_jobs set status = ?, stage = 'done', progress = 1, model_version = ?, updated_at = now() where id = ?",
                Status.DONE.name(), modelVersion, id);
    }

    public void failed(UUID id, String error) {
        execute("update training_jobs set status = ?, error = ?, updated_at = now() where id = ?",
                Status.FAILED.name(), error, id);
    }

    public Optional<Job> find(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select id, status, stage, progress, error, model_version, include_feedback, created_by, created_at, updated_at "
                             + "from training_jobs where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Job(rs.getObject(1, UUID.class), Status.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getDouble(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(8),
                        Jdbc.instant(rs.getTimestamp(9)), Jdbc.instant(rs.getTimestamp(10))));
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    private void execute(String sql, Object... args) {
        Jdbc.update(dataSource, sql, args);
    }
}
