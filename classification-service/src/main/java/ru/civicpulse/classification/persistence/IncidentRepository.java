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
        try (Connection c = dataSource.getConnection()) {
            new Sql("select pg_advisory_xact_lock(hashtextextended(?, 0))", municipality + "|" + district + "|" + group)
                    .one(c, rs -> null);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not lock the incident bucket", e);
        }
    }

    /** Incidents of the bucket whose time span, widened by the window, covers {@code at}. */
    public List<Candidate> candidates(String municipality, String district, String group, Instant from, Instant to) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select incident_key, simhash, last_seen from incidents where municipality = ? and district = ? "
                    + "and topic_group = ? and last_seen >= ? and first_seen <= ? order by last_seen desc limit 500",
                    municipality, district, group, from, to)
                    .list(c, rs -> new Candidate(rs.getString("incident_key"), rs.getLong("simhash"), Sql.instant(rs, "last_seen")));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read incidents", e);
        }
    }

    public void create(String key, String municipality, String district, String group, long simhash, Instant at) {
        update(new Sql("insert into incidents (incident_key, municipality, district, topic_group, simhash, first_seen, last_seen) "
                + "values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing", key, municipality, district, group, simhash, at, at));
    }

    public void touch(String key, Instant at) {
        update(new Sql("update incidents set last_seen = greatest(last_seen, ?), first_seen = least(first_seen, ?) "
                + "where incident_key = ?", at, at, key));
    }

    private void update(Sql statement) {
        try (Connection c = dataSource.getConnection()) {
            statement.update(c);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not store the incident", e);
        }
    }
}
