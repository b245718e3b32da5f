package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.message.NewMessage;
import ru.civicpulse.ingestion.persistence.MessageRepository;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An insert PostgreSQL refuses: the failure (which is what gets logged) keeps the SQL state and
 * the stack frames but not the driver's text, which quotes every value of the batch.
 */
@QuarkusTest
class StorageFailureLogTest {
    @Inject
    MessageRepository messages;

    @Test
    void aRefusedInsertDoesNotCarryTheResidentsText() {
        String marker = "Личное сообщение " + UUID.randomUUID();
        // beyond PostgreSQL's timestamp range: the database refuses the row
        NewMessage refused = new NewMessage(Source.API, "refused-" + UUID.randomUUID(), MessageKind.APPEAL, null, null, null, null,
                marker, Instant.parse("+300000-01-01T00:00:00Z"), "voronezh", null, "ул. Тайная, 1", List.of(), null);
        Throwable failure;
        try (LogCapture logs = new LogCapture()) {
            failure = catchThrowable(() -> messages.insertNew(List.of(refused), Instant.now()));
            assertThat(logs.all()).doesNotContain(marker).doesNotContain("ул. Тайная");
        }
        assertThat(failure).isNotNull();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        System.out.println("A refused insert is told as: " + failure);
        assertThat(trace.toString()).contains("SQL state").doesNotContain(marker).doesNotContain("ул. Тайная");
    }
}
