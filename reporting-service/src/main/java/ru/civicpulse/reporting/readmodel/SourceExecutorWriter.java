package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.MessageClassified;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Keeps {@code source_executors} in step with the fact rows, in the batch's transaction: the
 * executor the source system named for the message, or no row when it named none.
 */
final class SourceExecutorWriter {
    static final String UPSERT = "insert into source_executors (message_id, executor_name) values (?, ?) "
            + "on conflict (message_id) do update set executor_name = excluded.executor_name "
            + "where source_executors.executor_name <> excluded.executor_name";

    private SourceExecutorWriter() {
    }

    /**
     * Adds a message's executor to {@code upserts} (a batch of {@link #UPSERT}), or its id to
     * {@code gone} when it names none and {@code known}: it had a fact row before, so an earlier
     * executor may have to go.
     */
    static void add(MessageClassified m, boolean known, Sql.Batch upserts, List<UUID> gone) {
        if (m.sourceExecutor() != null && !m.sourceExecutor().isBlank()) {
            upserts.add(m.messageId(), m.sourceExecutor().strip());
        } else if (known) {
            gone.add(m.messageId());
        }
    }

    static void write(Connection c, Sql.Batch upserts, List<UUID> gone) throws SQLException {
        upserts.execute(c);
        if (!gone.isEmpty()) {
            new Sql("delete from source_executors where message_id = any(?::uuid[])", gone).update(c);
        }
    }
}
