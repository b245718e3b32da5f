package ru.civicpulse.reporting;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.reporting.readmodel.ReadModelRepository;
import ru.civicpulse.reporting.readmodel.RebuildRepository;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestDatabase;
import ru.civicpulse.testsupport.TestKafka;
import ru.civicpulse.testsupport.Tokens;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The read model rebuilt from the classified topic answers as the one built live, and the rebuild reports its counts. */
@QuarkusTest
class ReadModelRebuildTest {
    private static final String TOWN = "novovoronezh";
    private static final String PERIOD = "from=2018-03-01&to=2018-04-01&municipality=" + TOWN;
    private static final String REBUILDS = "/api/v1/read-model/rebuilds";

    @Inject
    RebuildRepository jobs;

    @Inject
    ReadModelRepository repository;

    @Test
    void aRebuildGivesBackTheSameReadModelAndCountsTheTopic() throws Exception {
        Events revised = Events.message().municipality(TOWN).group("roads").author("a-1").at("2018-03-05T07:00:00Z");
        MessageClassified first = revised.build();
        MessageClassified second = revised.revision(2).group("waste").build();
        Events answered = Events.message().municipality(TOWN).group("roads").author("a-2").district("leninsky")
                .at("2018-03-06T07:00:00Z");
        MessageClassified reply = Events.message().municipality(TOWN).replyTo(answered.id()).at("2018-03-06T10:00:00Z").build();
        MessageClassified other = Events.message().municipality(TOWN).group("roads").author("a-1")
                .executor("МКП «Дорожник»").at("2018-03-20T07:00:00Z").build();
        List<MessageClassified> events = List.of(first, answered.build(), second, reply, other);
        Broker.publish(events);
        // dead-lettered by the live consumer; the rebuild counts and skips it
        Broker.publishRaw(UUID.randomUUID().toString(), "{not json");
        Broker.awaitConsumed();
        await().atMost(Duration.ofSeconds(30)).until(() -> analytics("topics").getLong("total") == 3
                && analytics("responses").getLong("overall.answered") == 1);
        Map<String, Object> topics = analytics("topics").getMap("$");
        Map<String, Object> responses = analytics("responses").getMap("$");
        long published = TestKafka.recordCount(Topics.MESSAGES_CLASSIFIED);

        // only a region admin may rebuild or follow a rebuild
        given().auth().oauth2(Tokens.regionAnalyst()).post(REBUILDS).then().statusCode(403);
        given().auth().oauth2(Tokens.regionAnalyst()).get(REBUILDS + "/" + UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(Tokens.regionAdmin()).get(REBUILDS + "/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");

        // while one is queued, another is refused
        UUID queued = jobs.create("someone-else").orElseThrow();
        given().auth().oauth2(Tokens.regionAdmin()).post(REBUILDS).then().statusCode(409)
                .contentType("application/problem+json");
        jobs.failed(queued, "given up by the test");

        Response started = given().auth().oauth2(Tokens.regionAdmin()).post(REBUILDS);
        started.then().statusCode(202);
        String location = started.header("Location");
        assertThat(location).endsWith(REBUILDS + "/" + started.jsonPath().getString("id"));
        assertThat(started.jsonPath().getString("status")).isIn("QUEUED", "RUNNING", "DONE");

        await().atMost(Duration.ofSeconds(60)).until(() -> !List.of("QUEUED", "RUNNING").contains(job(location).getString("status")));
        JsonPath done = job(location);
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("DONE");
        assertThat(done.getLong("eventsRead")).isEqualTo(published);
        assertThat(done.getLong("endOffsets")).isGreaterThanOrEqualTo(published);
        assertThat(done.getLong("unreadable")).isGreaterThanOrEqualTo(1);
        assertThat(done.getLong("eventsApplied")).isPositive().isLessThanOrEqualTo(published - done.getLong("unreadable"));
        assertThat(done.getDouble("progress")).isEqualTo(1.0);
        assertThat(done.getString("requestedBy")).isNotBlank();
        assertThat(done.getString("startedAt")).isNotNull();
        assertThat(done.getString("finishedAt")).isNotNull();

        // the same answers as the read model built live, the newest revision and the source's executor kept
        assertThat(analytics("topics").getMap("$")).isEqualTo(topics);
        assertThat(analytics("responses").getMap("$")).isEqualTo(responses);
        assertThat(TestDatabase.rows("select revision, grp from messages where message_id = ?", first.messageId()).get(0))
                .containsEntry("revision", 2).containsEntry("grp", "waste");
        assertThat(TestDatabase.count("select count(*) from source_executors where message_id = ?", other.messageId())).isEqualTo(1);

        // applying is idempotent per revision: the live consumer delivering these again changes nothing
        ReadModelRepository.Outcome again = QuarkusTransaction.requiringNew().call(() -> {
            ReadModelRepository.Batch batch = repository.newBatch();
            ReadModelRepository.Outcome outcome = repository.apply(events, batch);
            repository.flush(batch);
            return outcome;
        });
        assertThat(again.applied()).isZero();
        assertThat(again.stale()).isEqualTo(events.size());
        assertThat(analytics("topics").getMap("$")).isEqualTo(topics);
        assertThat(analytics("responses").getMap("$")).isEqualTo(responses);
    }

    private static JsonPath analytics(String endpoint) {
        return given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/analytics/" + endpoint + "?" + PERIOD)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath job(String location) {
        return given().auth().oauth2(Tokens.regionAdmin()).get(location).then().statusCode(200).extract().jsonPath();
    }
}
