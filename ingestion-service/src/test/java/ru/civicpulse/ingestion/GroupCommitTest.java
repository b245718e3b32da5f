package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import ru.civicpulse.common.sql.StorageFailure;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.domain.GroupCommit;
import ru.civicpulse.ingestion.domain.IntakeService;
import ru.civicpulse.ingestion.message.NewMessage;
import ru.civicpulse.testsupport.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.civicpulse.ingestion.Api.apiId;
import static ru.civicpulse.ingestion.Api.asIngestClient;
import static ru.civicpulse.ingestion.Api.message;
import static ru.civicpulse.ingestion.Api.unique;

/**
 * Concurrent single-message requests share transactions: each is still answered with its own
 * outcome, its row and event exist, and one message the database refuses fails only its request.
 */
@QuarkusTest
class GroupCommitTest {
    private static final int CLIENTS = 50;

    @Inject
    GroupCommit group;

    /** Runs every task at once (released together) and returns their answers in order. */
    private static <T> List<Future<T>> together(List<Callable<T>> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        try {
            List<Future<T>> answers = new ArrayList<>();
            for (Callable<T> task : tasks) {
                answers.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            for (Future<T> answer : answers) {
                try {
                    answer.get(2, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    // the caller looks at each failure
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long groupsCommitted() {
        String metrics = RestAssured.get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("civicpulse_intake_group_size_count"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void fiftyConcurrentClientsAreEachAnsweredWithTheirOwnMessageStoredAndPublished() throws Exception {
        String run = unique("group");
        List<String> ids = IntStream.range(0, CLIENTS).mapToObj(i -> run + "-" + i).toList();
        long groupsBefore = groupsCommitted();
        List<Future<String>> answers = together(ids.stream().<Callable<String>>map(id -> () ->
                asIngestClient().contentType(ContentType.JSON).body(message(id, "Не горит фонарь " + id))
                        .post("/api/v1/messages").then().statusCode(202)
                        .<String>extract().path("results[0].status")).toList());
        List<UUID> expected = ids.stream().map(Api::apiId).toList();
        for (Future<String> answer : answers) {
            assertThat(answer.get()).isEqualTo("accepted");
        }
        assertThat(TestDatabase.count("select count(*) from messages where source = 'API' and source_message_id like ?", run + "-%"))
                .isEqualTo(CLIENTS);
        try (TopicProbe probe = new TopicProbe(expected)) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events()).hasSize(CLIENTS));
            assertThat(probe.events()).extracting(MessageIngested::messageId).containsExactlyInAnyOrderElementsOf(expected);
        }
        long groups = groupsCommitted() - groupsBefore;
        System.out.println(CLIENTS + " concurrent single-message requests were committed in " + groups + " groups");
        assertThat(groups).isBetween(1L, (long) CLIENTS);
    }

    @Test
    void eachConcurrentRequestGetsItsOwnMessageId() throws Exception {
        String run = unique("own");
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> run + "-" + i).toList();
        List<Future<String>> answers = together(ids.stream().<Callable<String>>map(id -> () ->
                asIngestClient().contentType(ContentType.JSON).body(message(id, "Сломана скамейка"))
                        .post("/api/v1/messages").then().statusCode(202)
                        .extract().path("results[0].messageId")).toList());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(answers.get(i).get()).isEqualTo(apiId(ids.get(i)).toString());
        }
    }

    @Test
    void aMessageTheDatabaseRefusesFailsOnlyItsOwnRequest() throws Exception {
        String run = unique("mixed");
        List<NewMessage> good = IntStream.range(0, 10).mapToObj(i -> newMessage(run + "-" + i, Instant.parse("2026-03-01T06:30:00Z")))
                .toList();
        // beyond PostgreSQL's timestamp range: the database refuses this row
        NewMessage refused = newMessage(run + "-refused", Instant.parse("+300000-01-01T00:00:00Z"));
        List<NewMessage> all = new ArrayList<>(good);
        all.add(5, refused);
        List<Future<Optional<IntakeService.Outcome>>> answers = together(all.stream()
                .<Callable<Optional<IntakeService.Outcome>>>map(m -> () -> group.take(new IntakeService.Single(m, "api", null)))
                .toList());
        for (int i = 0; i < all.size(); i++) {
            NewMessage m = all.get(i);
            if (m == refused) {
                assertThat(answers.get(i)).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                        .isInstanceOf(StorageFailure.class);
            } else {
                assertThat(answers.get(i).get()).contains(new IntakeService.Outcome(m.messageId(), true));
            }
        }
        assertThat(TestDatabase.count("select count(*) from messages where source = 'API' and source_message_id like ?", run + "-%"))
                .isEqualTo(good.size());
        try (TopicProbe probe = new TopicProbe(good.stream().map(NewMessage::messageId).toList())) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events()).hasSize(good.size()));
        }
    }

    @Test
    void aTelegramUpdateDeliveredManyTimesAtOnceIsTakenInOnce() throws Exception {
        long updateId = System.nanoTime() % 1_000_000_000L;
        long messageId = updateId % 1_000_000L;
        String update = """
                {"update_id": %d, "channel_post": {"message_id": %d, "date": 1767261600,
                  "chat": {"id": -1001234567890, "title": "Воронеж Онлайн", "username": "vrn_online", "type": "channel"},
                  "text": "Упало дерево на Кольцовской"}}
                """.formatted(updateId, messageId);
        List<Future<Integer>> answers = together(IntStream.range(0, 10).<Callable<Integer>>mapToObj(i -> () ->
                RestAssured.given().contentType(ContentType.JSON).header("X-Telegram-Bot-Api-Secret-Token", "test-telegram-secret")
                        .body(update).post("/webhooks/telegram/demo").statusCode()).toList());
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(200);
        }
        assertThat(TestDatabase.count("select count(*) from processed_webhook_events where channel = 'telegram:demo' and event_id = ?",
                Long.toString(updateId))).isEqualTo(1);
        UUID id = MessageIds.of(Source.TELEGRAM, "-1001234567890_" + messageId);
        try (TopicProbe probe = new TopicProbe(List.of(id))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(probe.events()).hasSize(1));
            TestDatabase.awaitOutboxDrained(Duration.ofSeconds(90));
            assertThat(probe.events()).hasSize(1);
        }
    }

    private static NewMessage newMessage(String sourceMessageId, Instant publishedAt) {
        return new NewMessage(Source.API, sourceMessageId, MessageKind.APPEAL, null, null, null, null,
                "Не убран снег во дворе", publishedAt, "voronezh", null, null, List.of(), null);
    }
}
