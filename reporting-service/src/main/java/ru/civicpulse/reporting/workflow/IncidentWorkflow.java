package ru.civicpulse.reporting.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.outbox.Outbox;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.IncidentState;
import ru.civicpulse.contracts.IncidentStateChanged;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Incident workflow storage: changes are appended to {@code incident_changes} (never updated, the
 * database refuses it), the newest one is kept in {@code incident_states}, and each change is
 * announced as {@link IncidentStateChanged} through the outbox, all in one transaction.
 */
@ApplicationScoped
public class IncidentWorkflow {

    /** One change of an incident's state. */
    @RegisterForReflection
    public record Change(int sequence, IncidentState from, IncidentState to, String comment, String changedBy,
                        Instant changedAt) {
    }

    /** The newest change of an incident. */
    private record Current(IncidentState state, int sequence) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

    /** The most common municipality of the incident's residents' messages; empty for an unknown incident. */
    @Transactional
    public Optional<String> municipality(String incidentKey) {
        return Sql.onConnection(dataSource, "Incident workflow storage failed", c -> new Sql("select mode() within group (order by municipality) m from messages where incident_key = ? and "
                + ScopeSql.NOT_REPLY, incidentKey).optional(c, rs -> rs.getString("m")));
    }

    /** Every change of the incident, oldest first. */
    @Transactional
    public List<Change> timeline(String incidentKey) {
        return Sql.onConnection(dataSource, "Incident workflow storage failed", c -> new Sql("select * from incident_changes where incident_key = ? order by sequence", incidentKey)
                .list(c, rs -> new Change(rs.getInt("sequence"), IncidentState.valueOf(rs.getString("from_state")),
                        IncidentState.valueOf(rs.getString("to_state")), rs.getString("comment"), rs.getString("changed_by"),
                        Sql.instant(rs, "changed_at"))));
    }

    /**
     * Moves the incident to {@code to}. Changes of one incident are serialised by a transaction-scoped
     * lock, so each sees the state the previous one left: two requests from the same state cannot both
     * pass. 409 when {@code to} is not allowed from the current state, or when {@code expectedFrom} is
     * given and the incident is no longer in it.
     */
    @Transactional
    public Change change(String incidentKey, String municipality, IncidentState expectedFrom, IncidentState to,
                         String comment, String changedBy) {
        return Sql.onConnection(dataSource, "Incident workflow storage failed", c -> {
            new Sql("select pg_advisory_xact_lock(hashtext(?)) locked", "incident:" + incidentKey).one(c, rs -> 1);
            Optional<Current> current = new Sql("select state, sequence from incident_states where incident_key = ?", incidentKey)
                    .optional(c, rs -> new Current(IncidentState.valueOf(rs.getString("state")), rs.getInt("sequence")));
            IncidentState from = current.map(Current::state).orElse(IncidentState.NEW);
            int sequence = current.map(Current::sequence).orElse(0) + 1;
            if (expectedFrom != null && expectedFrom != from) {
                throw conflict("The incident is " + from + " now, not " + expectedFrom + ".", from);
            }
            if (!Transitions.isAllowed(from, to)) {
                throw conflict(from + " cannot change to " + to + ".", from);
            }
            // microseconds, as PostgreSQL keeps them: the answer, the row and the event say the same
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            UUID eventId = UUID.randomUUID();
            new Sql("""
                    insert into incident_changes (incident_key, sequence, municipality, from_state, to_state, comment,
                                                  changed_by, changed_at, event_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", incidentKey, sequence, municipality, from.name(), to.name(),
                    comment, changedBy, now, eventId).update(c);
            new Sql("""
                    insert into incident_states (incident_key, state, sequence, changed_at, comment) values (?, ?, ?, ?, ?)
                    on conflict (incident_key) do update set state = excluded.state, sequence = excluded.sequence,
                        changed_at = excluded.changed_at, comment = excluded.comment""",
                    incidentKey, to.name(), sequence, now, comment).update(c);
            IncidentStateChanged event = new IncidentStateChanged(eventId, IncidentStateChanged.TYPE,
                    IncidentStateChanged.VERSION, now, incidentKey, sequence, municipality, from, to, comment, changedBy, now);
            outbox.add(Topics.INCIDENTS_WORKFLOW, incidentKey, json(event));
            return new Change(sequence, from, to, comment, changedBy, now);
        });
    }

    private static ProblemException conflict(String detail, IncidentState from) {
        List<IncidentState> allowed = Transitions.allowed(from);
        String next = allowed.isEmpty() ? "none: " + from + " is final"
                : allowed.stream().map(Enum::name).collect(Collectors.joining(", "));
        return new ProblemException(409, "Conflict", detail + " Allowed from " + from + ": " + next + ".",
                List.of(new Problem.FieldError("to", "allowed from " + from + ": " + next)));
    }

    private static String json(IncidentStateChanged event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
