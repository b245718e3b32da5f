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
        execute("insert into reclassify_jobs (id, status, period_from, period_to, model_version, messages, created_by) "
                + "values (?, ?, ?, ?, ?, ?, ?)", id, JobRepository.Status.QUEUED.name(), from, to, modelVersion, messages, createdBy);
    }

    /** Counts so far; the status becomes RUNNING. */
    public void progress(UUID id, int done, int reclassified, int unchanged, int failed) {
        execute("update reclassify_jobs set status = ?, done = ?, reclassified = ?, unchanged = ?, failed = ?, updated_at = now() "
                + "where id = ?", JobRepository.Status.RUNNING.name(), done, reclassified, unchanged, failed, id);
    }

    public void finished(UUID id) {
        execute("update reclassify_jobs set status = ?, updated_at = now() where id = ?", JobRepository.Status.DONE.name(), id);
    }

    public void failed(UUID id, String error) {
        execute("update reclassify_jobs set status = ?, error = ?, updated_at = now() where id = ?",
                JobRepository.Status.FAILED.name(), error, id);
    }

    public Optional<Job> find(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select id, status, period_from, period_to, model_version, messages, done, reclassified, unchanged, failed, "
                             + "error, created_by, created_at, updated_at from reclassify_jobs where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Job(rs.getObject(1, UUID.class), JobRepository.Status.valueOf(rs.getString(2)),
                        Jdbc.instant(rs.getTimestamp(3)), Jdbc.instant(rs.getTimestamp(4)), rs.getString(5), rs.getInt(6),
                        rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getString(11), rs.getString(12),
                        Jdbc.instant(rs.getTimestamp(13)), Jdbc.instant(rs.getTimestamp(14))));
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    private void execute(String sql, Object... args) {
        Jdbc.update(dataSource, sql, args);
    }
}
