package ru.civicpulse.ingestion.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import static ru.civicpulse.ingestion.persistence.MessageRepository.utc;

/** Audit rows of file imports. */
@ApplicationScoped
public class ImportRunRepository {
    @Inject
    AgroalDataSource dataSource;

    public void started(UUID id, String fileName, String source, String layout, String municipality, String requestedBy, Instant at) {
        update("Could not record the import", new Sql("insert into import_runs (id, file_name, source, layout, municipality, "
                + "requested_by, started_at) values (?, ?, ?, ?, ?, ?, ?)", id, fileName, source, layout, municipality, requestedBy, utc(at)));
    }

    public void finished(UUID id, int rowsRead, int accepted, int duplicates, int rejected, Instant at) {
        update("Could not record the import", new Sql("update import_runs set rows_read = ?, accepted = ?, duplicates = ?, "
                + "rejected = ?, finished_at = ? where id = ?", rowsRead, accepted, duplicates, rejected, utc(at), id));
    }

    public int purgeStartedBefore(Instant cutoff) {
        return update("Could not purge import runs", new Sql("delete from import_runs where started_at < ?", utc(cutoff)));
    }

    private int update(String what, Sql statement) {
        try (Connection c = dataSource.getConnection()) {
            return statement.update(c);
        } catch (SQLException e) {
            throw StorageFailure.of(what, e);
        }
    }
}
