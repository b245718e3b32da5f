package ru.civicpulse.common.sql;

import ru.civicpulse.common.ProblemMappers;

import java.sql.SQLException;

/**
 * A failed statement, told without the driver's text: PostgreSQL and its driver quote the
 * rejected values (a failed batch lists every parameter, a resident's whole message among them),
 * and whatever is thrown may end up in a log. The SQL state and the stack frames remain.
 * Repositories throw it for every {@link SQLException}.
 */
public final class StorageFailure extends IllegalStateException {
    private StorageFailure(String what, SQLException e) {
        super(what + " (SQL state " + e.getSQLState() + ")", ProblemMappers.redacted(e));
    }

    public static StorageFailure of(String what, SQLException e) {
        return new StorageFailure(what, e);
    }
}
