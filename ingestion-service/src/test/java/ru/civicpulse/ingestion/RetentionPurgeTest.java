package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import ru.civicpulse.ingestion.domain.RetentionPurge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.civicpulse.ingestion.Api.apiId;
import static ru.civicpulse.ingestion.Api.asIngestClient;
import static ru.civicpulse.ingestion.Api.message;
import static ru.civicpulse.ingestion.Api.unique;

@QuarkusTest
class RetentionPurgeTest {
    @Inject
    RetentionPurge purge;

    @Test
    void rowsOlderThanTheRetentionAreRemovedNewerOnesKept() throws Exception {
        String old = unique("old");
        String recent = unique("recent");
        asIngestClient().contentType(ContentType.JSON).body(message(old, "Старое обращение")).post("/api/v1/messages").then().statusCode(202);
        asIngestClient().contentType(ContentType.JSON).body(message(recent, "Новое обращение")).post("/api/v1/messages").then().statusCode(202);
        // published: the relay deleted its outbox row, which the purge has no business with
        await().atMost(Duration.ofSeconds(90)).until(() -> Database.count(
                "select count(*) from outbox where key = ?", apiId(old).toString()) == 0);
        try (Connection c = Database.connect()) {
            try (PreparedStatement ps = c.prepareStatement("update messages set received_at = now() - interval '91 days' where id = ?::uuid")) {
                ps.setString(1, apiId(old).toString());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into processed_webhook_events (channel, event_id, received_at) "
                    + "values ('vk:demo', ?, now() - interval '91 days')")) {
                ps.setString(1, old);
                ps.executeUpdate();
            }
        }

        RetentionPurge.Purged purged = purge.purge(Instant.now());

        assertThat(purged.messages()).isGreaterThanOrEqualTo(1);
        assertThat(Database.count("select count(*) from messages where id = ?::uuid", apiId(old).toString())).isZero();
        assertThat(Database.count("select count(*) from processed_webhook_events where event_id = ?", old)).isZero();
        assertThat(Database.count("select count(*) from messages where id = ?::uuid", apiId(recent).toString())).isEqualTo(1);
    }
}
