package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select version from models where active");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public Optional<byte[]> bytes(String version) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select bytes from models where version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public boolean exists(String version) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from models where version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public List<StoredModel> list() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select version, info::text, created_at, active from models order by created_at desc, version");
             ResultSet rs = ps.executeQuery()) {
            List<StoredModel> result = new ArrayList<>();
            while (rs.next()) {
                result.add(new StoredModel(rs.getString(1), rs.getString(2), Jdbc.instant(rs.getTimestamp(3)), rs.getBoolean(4)));
            }
            return result;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** Inserts a model unless its version exists; true if this call stored it. */
    public boolean insert(String version, String infoJson, byte[] bytes, boolean active) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into models (version, info, bytes, active) values (?, ?::jsonb, ?, ?) on conflict do nothing")) {
            ps.setString(1, version);
            ps.setString(2, infoJson);
            ps.setBytes(3, bytes);
            ps.setBoolean(4, active);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** Makes {@code version} the only active model; false if no such version. Call in a transaction. */
    public boolean activate(String version) {
        try (Connection c = dataSource.getConnection()) {
            // Lock the registry so concurrent activations queue instead of colliding on the unique index.
            try (PreparedStatement lock = c.prepareStatement("select version from models for update")) {
                lock.executeQuery().close();
            }
            try (PreparedStatement check = c.prepareStatement("select 1 from models where version = ?")) {
                check.setString(1, version);
                try (ResultSet rs = check.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement off = c.prepareStatement("update models set active = false where active and version <> ?")) {
                off.setString(1, version);
                off.executeUpdate();
            }
            try (PreparedStatement on = c.prepareStatement("update models set active = true where version = ?")) {
                on.setString(1, version);
                on.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }
}
