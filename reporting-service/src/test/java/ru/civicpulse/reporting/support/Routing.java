package ru.civicpulse.reporting.support;

import ru.civicpulse.testsupport.TestDatabase;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes executors, routes and incident states straight into the database, as the routing engine
 * and the workflow would, so analytics over them can be tested on their own.
 */
@ApplicationScoped
public class Routing {
    private static final Instant CREATED = Instant.parse("2020-01-01T00:00:00Z");


    /**
     * An executor with its deadlines ({@code {"roads": 72}}, hours) and one rule naming it, retired at once:
     * routes need a rule, but an active rule without conditions would route every arriving message of the
     * municipality, other test classes' too. Returns the executor's id (also the rule's).
     */
    public UUID executor(String municipality, String name, String deadlinesJson, int defaultHours) {
        UUID id = UUID.randomUUID();
        run("insert into executors (id, municipality, name, kind, deadlines, default_deadline_hours, created_at, updated_at)"
                + " values (?, ?, ?, 'DEPARTMENT', ?::jsonb, ?, ?, ?)", id, municipality, name, deadlinesJson, defaultHours,
                ts(CREATED), ts(CREATED));
        run("insert into routing_rules (id, municipality, executor_id, created_by, created_at, retired_at)"
                + " values (?, ?, ?, 'test', ?, ?)", id, municipality, id, ts(CREATED), ts(CREATED));
        return id;
    }

    /**
     * Routes the message to {@code executor}, or leaves it unrouted when that is null, whatever the rules
     * active at its arrival (other test classes' ones) made of it.
     */
    public void routeMessage(UUID messageId, UUID executor) {
        if (executor == null) {
            run("delete from message_routes where message_id = ?", messageId);
            return;
        }
        run("insert into message_routes (message_id, executor_id, rule_id, routed_at) values (?, ?, ?, ?)"
                + " on conflict (message_id) do update set executor_id = excluded.executor_id, rule_id = excluded.rule_id",
                messageId, executor, executor, ts(CREATED));
    }

    /** Routes the incident to {@code executor}, or leaves it unrouted when that is null. */
    public void routeIncident(String incidentKey, String municipality, UUID executor) {
        if (executor == null) {
            run("delete from incident_routes where incident_key = ?", incidentKey);
            return;
        }
        run("insert into incident_routes (incident_key, municipality, executor_id, rule_id, routed_at) values (?, ?, ?, ?, ?)"
                + " on conflict (incident_key) do update set executor_id = excluded.executor_id, rule_id = excluded.rule_id",
                incidentKey, municipality, executor, executor, ts(CREATED));
    }

    /** Appends a change of an incident's state and makes it the current one. */
    public void change(String incidentKey, int sequence, String municipality, String from, String to, String comment,
                       String by, Instant at) {
        run("insert into incident_changes (incident_key, sequence, municipality, from_state, to_state, comment, changed_by,"
                + " changed_at, event_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", incidentKey, sequence, municipality, from, to,
                comment, by, ts(at), UUID.randomUUID());
        run("insert into incident_states (incident_key, state, sequence, changed_at, comment) values (?, ?, ?, ?, ?)"
                + " on conflict (incident_key) do update set state = excluded.state, sequence = excluded.sequence,"
                + " changed_at = excluded.changed_at, comment = excluded.comment", incidentKey, to, sequence, ts(at), comment);
    }

    private static java.sql.Timestamp ts(Instant at) {
        return java.sql.Timestamp.from(at);
    }

    private void run(String sql, Object... args) {
        try {
            TestDatabase.execute(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
