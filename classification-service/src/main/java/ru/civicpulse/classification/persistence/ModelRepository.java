package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code models} table: every model's bytes and provenance, and which one is active. */
@ApplicationScoped
public class ModelRepository {

    public record StoredModel(String version, String infoJson, Instant createdAt, boolean active) {
    }

    @Inject
    AgroalDataSource dataSource;

    public Optional<String> activeVersion() {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select version from models where active").optional(c, rs -> rs.getString("version"));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read the active model", e);
        }
    }

    public Optional<byte[]> bytes(String version) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select bytes from models where version = ?", version).optional(c, rs -> rs.getBytes("bytes"));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read model " + version, e);
        }
    }

    public boolean exists(String version) {
        try (Connection c = dataSource.getConnection()) {
            return exists(c, version);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read model " + version, e);
        }
    }

    private static boolean exists(Connection c, String version) throws SQLException {
        return new Sql("select 1 from models where version = ?", version).optional(c, rs -> true).isPresent();
    }

    public List<StoredModel> list() {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select version, info::text as info, created_at, active from models order by created_at desc, version")
                    .list(c, rs -> new StoredModel(rs.getString("version"), rs.getString("info"), Sql.instant(rs, "created_at"),
                            rs.getBoolean("active")));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not list models", e);
        }
    }

    /** Inserts a model unless its version exists; true if this call stored it. */
    public boolean insert(String version, String infoJson, byte[] bytes, boolean active) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("insert into models (version, info, bytes, active) values (?, ?::jsonb, ?, ?) on conflict do nothing",
                    version, infoJson, bytes, active).update(c) == 1;
        } catch (SQLException e) {
            throw StorageFailure.of("Could not store model " + version, e);
        }
    }

    /** Makes {@code version} the only active model; false if no such version. Call in a transaction. */
    public boolean activate(String version) {
        try (Connection c = dataSource.getConnection()) {
            // Lock the registry so concurrent activations queue instead of colliding on the unique index.
            new Sql("select version from models for update").list(c, rs -> null);
            if (!exists(c, version)) {
                return false;
            }
            new Sql("update models set active = false where active and version <> ?", version).update(c);
            new Sql("update models set active = true where version = ?", version).update(c);
            return true;
        } catch (SQLException e) {
            throw StorageFailure.of("Could not activate model " + version, e);
        }
    }
}
