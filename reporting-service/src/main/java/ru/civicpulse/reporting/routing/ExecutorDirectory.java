package ru.civicpulse.reporting.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.sql.Sql;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The responsible bodies («Исполнители») of each municipality: table {@code executors}. */
@ApplicationScoped
public class ExecutorDirectory {
    public enum Kind { DEPARTMENT, DISTRICT_ADMINISTRATION, MUNICIPAL_ENTERPRISE, UTILITY, MANAGEMENT_COMPANY }

    /**
     * @param districts            district codes served; empty: the whole municipality
     * @param deadlines            answer deadline in hours per topic group
     * @param defaultDeadlineHours the deadline of every other group
     */
    @RegisterForReflection
    public record Executor(UUID id, String municipality, String name, Kind kind, List<String> districts,
                           Map<String, String> contacts, Map<String, Integer> deadlines, int defaultDeadlineHours,
                           Instant createdAt, Instant updatedAt) {
    }

    /** What a client sets of an executor (checked by the resource). */
    public record Fields(String municipality, String name, Kind kind, List<String> districts, Map<String, String> contacts,
                         Map<String, Integer> deadlines, int defaultDeadlineHours) {
    }

    private static final TypeReference<Map<String, String>> CONTACTS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Integer>> DEADLINES = new TypeReference<>() {
    };

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** Executors within the scope (empty: all), optionally of one municipality and kind, by municipality and name. */
    @Transactional
    public List<Executor> list(Optional<Set<String>> scope, String municipality, Kind kind) {
        Sql sql = new Sql("select * from executors where true");
        scope.ifPresent(s -> sql.append("and municipality = any(?)", s));
        if (municipality != null) {
            sql.append("and municipality = ?", municipality);
        }
        if (kind != null) {
            sql.append("and kind = ?", kind.name());
        }
        sql.append("order by municipality, name, id");
        return Sql.onConnection(dataSource, "Could not list executors", c -> sql.list(c, this::executor));
    }

    /** The executor if it exists within the scope. */
    @Transactional
    public Optional<Executor> find(UUID id, Optional<Set<String>> scope) {
        Sql sql = new Sql("select * from executors where id = ?", id);
        scope.ifPresent(s -> sql.append("and municipality = any(?)", s));
        return Sql.onConnection(dataSource, "Could not read executor " + id, c -> sql.optional(c, this::executor));
    }

    /** Creates an executor; 409 when its municipality already has one of that name. */
    @Transactional
    public Executor create(Fields f) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        return Sql.onConnection(dataSource, "Could not create executor", c -> {
            Optional<UUID> created = new Sql("""
                    insert into executors (id, municipality, name, kind, districts, contacts, deadlines, default_deadline_hours,
                                           created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)
                    on conflict (municipality, name) do nothing returning id""", id, f.municipality(), f.name(), f.kind().name(),
                    f.districts(), write(f.contacts()), write(f.deadlines()), f.defaultDeadlineHours(), now, now)
                    .optional(c, rs -> rs.getObject("id", UUID.class));
            if (created.isEmpty()) {
                throw duplicate();
            }
            return new Sql("select * from executors where id = ?", id).one(c, this::executor);
        });
    }

    /** Replaces what a client sets of the executor; empty when there is none. Its municipality never changes. */
    @Transactional
    public Optional<Executor> update(UUID id, Fields f) {
        return Sql.onConnection(dataSource, "Could not update executor " + id, c -> {
            try {
                return new Sql("""
                        update executors set name = ?, kind = ?, districts = ?, contacts = ?::jsonb, deadlines = ?::jsonb,
                            default_deadline_hours = ?, updated_at = ?
                        where id = ? returning *""", f.name(), f.kind().name(), f.districts(), write(f.contacts()),
                        write(f.deadlines()), f.defaultDeadlineHours(), Instant.now().truncatedTo(ChronoUnit.MICROS), id)
                        .optional(c, this::executor);
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw duplicate();
                }
                throw e;
            }
        });
    }

    private static ProblemException duplicate() {
        return ProblemException.conflict("The municipality already has an executor of this name.");
    }

    private Executor executor(ResultSet rs) throws SQLException {
        Array districts = rs.getArray("districts");
        return new Executor(rs.getObject("id", UUID.class), rs.getString("municipality"), rs.getString("name"),
                Kind.valueOf(rs.getString("kind")), Arrays.asList((String[]) districts.getArray()),
                read(rs.getString("contacts"), CONTACTS), read(rs.getString("deadlines"), DEADLINES),
                rs.getInt("default_deadline_hours"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
