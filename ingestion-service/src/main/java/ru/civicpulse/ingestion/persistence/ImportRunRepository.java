package ru.civicpulse.ingestion.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Audit rows of file imports. */
@ApplicationScoped
public class ImportRunRepository {
    @Inject
    AgroalDataSource dataSource;

    public void started(UUID id, String fileName, String source, String layout, String municipality, String requestedBy, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into import_runs (id, file_name, source, layout, municipality, "
                     + "requested_by, started_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, fileName);
            ps.setString(3, source);
            ps.setString(4, layout);
            ps.setString(5, municipality);
            ps.setString(6, requestedBy);
            ps.setObject(7, MessageRepository.utc(at));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw StorageFailure.of("Could not record the import", e);
        }
    }

    public void finished(UUID id, int rowsRead, int accepted, int duplicates, int rejected, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update import_runs set rows_read = ?, accepted = ?, duplicates = ?, "
                     + "rejected = ?, finished_at = ? where id = ?")) {
            ps.setInt(1, rowsRead);
            ps.setInt(2, accepted);
            ps.setInt(3, duplicates);
            ps.setInt(4, rejected);
            ps.setObject(5, MessageRepository.utc(at));
            ps.setObject(6, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw StorageFailure.of("Could not record the import", e);
        }
    }

    public int purgeStartedBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from import_runs where started_at < ?")) {
            ps.setObject(1, MessageRepository.utc(cutoff));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw StorageFailure.of("Could not purge import runs", e);
        }
    }
}
