package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.MessageClassified;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps {@code source_executors} in step with the fact row, in the batch's transaction: the
 * executor the source system named for the message, or no row when it named none.
 */
final class SourceExecutorWriter {
    private SourceExecutorWriter() {
    }

    /** {@code known}: the message had a fact row before, so an earlier executor may have to go. */
    static void write(Connection c, MessageClassified m, boolean known) throws SQLException {
        if (m.sourceExecutor() != null && !m.sourceExecutor().isBlank()) {
            new Sql("insert into source_executors (message_id, executor_name) values (?, ?) "
                    + "on conflict (message_id) do update set executor_name = excluded.executor_name "
                    + "where source_executors.executor_name <> excluded.executor_name",
                    m.messageId(), m.sourceExecutor().strip()).update(c);
        } else if (known) {
            new Sql("delete from source_executors where message_id = ?", m.messageId()).update(c);
        }
    }
}
