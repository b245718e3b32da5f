package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import ru.civicpulse.ingestion.domain.RetentionPurge;
import ru.civicpulse.testsupport.TestDatabase;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
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
        TestDatabase.awaitCount("select count(*) from outbox where key = ?", n -> n == 0, Duration.ofSeconds(90), apiId(old).toString());
        TestDatabase.execute("update messages set received_at = now() - interval '91 days' where id = ?::uuid", apiId(old).toString());
        TestDatabase.execute("insert into processed_webhook_events (channel, event_id, received_at) "
                + "values ('vk:demo', ?, now() - interval '91 days')", old);

        RetentionPurge.Purged purged = purge.purge(Instant.now());

        assertThat(purged.messages()).isGreaterThanOrEqualTo(1);
        assertThat(TestDatabase.count("select count(*) from messages where id = ?::uuid", apiId(old).toString())).isZero();
        assertThat(TestDatabase.count("select count(*) from processed_webhook_events where event_id = ?", old)).isZero();
        assertThat(TestDatabase.count("select count(*) from messages where id = ?::uuid", apiId(recent).toString())).isEqualTo(1);
    }
}
