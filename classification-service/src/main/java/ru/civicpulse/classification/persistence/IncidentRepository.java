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

/** Open incidents per municipality, district and topic group. Call inside a transaction. */
@ApplicationScoped
public class IncidentRepository {

    public record Candidate(String key, long simhash, Instant lastSeen) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Serialises incident assignment for one bucket across all replicas until the transaction
     * ends (a transaction-scoped advisory lock: it also covers the "no row yet" case, which row
     * locks cannot).
     */
    public void lockBucket(String municipality, String district, String group) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, municipality + "|" + district + "|" + group);
            ps.executeQuery().close();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** Incidents of the bucket whose time span, widened by the window, covers {@code at}. */
    public List<Candidate> candidates(String municipality, String district, String group, Instant from, Instant to) {
        String sql = "select incident_key, simhash, last_seen from incidents where municipality = ? and district = ? "
                + "and topic_group = ? and last_seen >= ? and first_seen <= ? order by last_seen desc limit 500";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, municipality, district, group, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                List<Candidate> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(new Candidate(rs.getString(1), rs.getLong(2), Jdbc.instant(rs.getTimestamp(3))));
                }
                return result;
            }
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public void create(String key, String municipality, String district, String group, long simhash, Instant at) {
        update("insert into incidents (incident_key, municipality, district, topic_group, simhash, first_seen, last_seen) "
                + "values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing", key, municipality, district, group, simhash, at, at);
    }

    public void touch(String key, Instant at) {
        update("update incidents set last_seen = greatest(last_seen, ?), first_seen = least(first_seen, ?) where incident_key = ?",
                at, at, key);
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }
}
