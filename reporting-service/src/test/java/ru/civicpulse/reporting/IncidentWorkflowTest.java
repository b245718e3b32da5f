package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.IncidentState;
import ru.civicpulse.contracts.IncidentStateChanged;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestDatabase;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.TestKafka;
import ru.civicpulse.testsupport.Tokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The incident workflow: the transition table, who may change what, the audit trail and its events. */
@QuarkusTest
class IncidentWorkflowTest {
    private static final String VORONEZH = "wf-voronezh-roads";
    private static final String NOVO = "wf-novovoronezh-waste";
    private static final String AUDIT = "wf-audit";
    private static final String RACE = "wf-race";
    private static final String FORK = "wf-fork";
    private static final String UNTOUCHED = "wf-untouched";
    private static boolean loaded;


    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        List<MessageClassified> data = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            data.add(Events.message().municipality("voronezh").district("leninsky").group("roads").incident(VORONEZH)
                    .text("Яма на улице Ленина " + i).at(AnalyticsTest.moscow(2023, 3, 10 + i, 9)).build());
            data.add(Events.message().municipality("novovoronezh").group("waste").incident(NOVO)
                    .text("Не вывозят мусор " + i).at(AnalyticsTest.moscow(2023, 3, 10 + i, 10)).build());
        }
        for (String key : List.of(AUDIT, RACE, FORK, UNTOUCHED)) {
            data.add(Events.message().municipality("voronezh").group("roads").incident(key).at(AnalyticsTest.moscow(2023, 3, 15, 9)).build());
        }
        Broker.publish(data);
        Broker.awaitConsumed();
        loaded = true;
    }

    @Test
    void anIncidentMovesOnlyAlongTheTableAndKeepsItsTimeline() throws Exception {
        String official = Tokens.token(TestIssuer.CITY, "official.voronezh", Set.of("city-official"), List.of("voronezh"));
        assertThat(detail(Tokens.regionAnalyst(), VORONEZH).getString("incident.state")).isEqualTo("NEW");
        assertThat(detail(Tokens.regionAnalyst(), VORONEZH).getList("allowedTransitions")).containsExactly("IN_PROGRESS", "REJECTED");

        Response skip = transition(Tokens.regionAnalyst(), VORONEZH, Map.of("to", "RESOLVED"));
        assertThat(skip.statusCode()).isEqualTo(409);
        assertThat(skip.contentType()).startsWith("application/problem+json");
        assertThat(skip.jsonPath().getString("detail")).contains("NEW cannot change to RESOLVED").contains("IN_PROGRESS, REJECTED");

        JsonPath taken = transition(official, VORONEZH, Map.of("to", "IN_PROGRESS", "comment", "Передано в управу района"))
                .then().statusCode(201).extract().jsonPath();
        assertThat(taken.getString("state")).isEqualTo("IN_PROGRESS");
        assertThat(taken.getString("change.from")).isEqualTo("NEW");
        assertThat(taken.getString("change.changedBy")).isEqualTo("official.voronezh");

        Response noReason = transition(Tokens.regionAdmin(), VORONEZH, Map.of("to", "DECISION_TAKEN"));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(noReason.jsonPath().getList("errors.field")).containsExactly("comment");
        transition(Tokens.regionAdmin(), VORONEZH, Map.of("to", "DECISION_TAKEN", "comment", "Ямочный ремонт до 20 марта"))
                .then().statusCode(201);
        transition(Tokens.regionAnalyst(), VORONEZH, Map.of("to", "RESOLVED")).then().statusCode(201);

        Response back = transition(Tokens.regionAnalyst(), VORONEZH, Map.of("to", "NEW"));
        assertThat(back.statusCode()).isEqualTo(409);
        assertThat(back.jsonPath().getString("detail")).contains("RESOLVED is final");
        assertThat(transition(Tokens.regionAnalyst(), VORONEZH, Map.of("to", "REJECTED", "comment", "дубль")).statusCode())
                .isEqualTo(409);

        JsonPath detail = detail(official, VORONEZH);
        assertThat(detail.getString("incident.state")).isEqualTo("RESOLVED");
        assertThat(detail.getInt("incident.messages")).isEqualTo(3);
        assertThat(detail.getString("incident.municipality")).isEqualTo("voronezh");
        assertThat(detail.getString("incident.district")).isEqualTo("leninsky");
        assertThat(detail.getString("incident.group")).isEqualTo("roads");
        assertThat(detail.getList("allowedTransitions")).isEmpty();
        assertThat(detail.getList("timeline.from")).containsExactly("NEW", "IN_PROGRESS", "DECISION_TAKEN");
        assertThat(detail.getList("timeline.to")).containsExactly("IN_PROGRESS", "DECISION_TAKEN", "RESOLVED");
        assertThat(detail.getList("timeline.changedBy")).containsExactly("official.voronezh", "admin", "analyst");
        assertThat(detail.getList("timeline.comment")).containsExactly("Передано в управу района", "Ямочный ремонт до 20 марта", null);
        assertThat(detail.getList("timeline.changedAt")).doesNotContainNull();

        JsonPath list = given().auth().oauth2(Tokens.regionAnalyst())
                .get("/api/v1/incidents?from=2023-03-01&to=2023-04-01").then().statusCode(200).extract().jsonPath();
        assertThat(list.getString("incidents.find { it.incidentKey == '" + VORONEZH + "' }.state")).isEqualTo("RESOLVED");
        assertThat(list.getString("incidents.find { it.incidentKey == '" + UNTOUCHED + "' }.state")).isEqualTo("NEW");

        // each change once on the workflow topic, keyed by the incident, in order
        try (ConsumerTask<String, String> topic = TestKafka.follow(Topics.INCIDENTS_WORKFLOW)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> events(topic, VORONEZH).size() >= 3);
            List<IncidentStateChanged> events = events(topic, VORONEZH);
            assertThat(events).extracting(IncidentStateChanged::sequence).containsExactly(1, 2, 3);
            assertThat(events).extracting(IncidentStateChanged::toState)
                    .containsExactly(IncidentState.IN_PROGRESS, IncidentState.DECISION_TAKEN, IncidentState.RESOLVED);
            assertThat(events).extracting(IncidentStateChanged::municipality).containsOnly("voronezh");
            assertThat(events.get(1).comment()).isEqualTo("Ямочный ремонт до 20 марта");
            assertThat(events.get(0).changedBy()).isEqualTo("official.voronezh");
            assertThat(events).extracting(IncidentStateChanged::eventId).doesNotHaveDuplicates();
        }
    }

    @Test
    void onlyTheIncidentsOwnOfficialsAndTheRegionMayChangeIt() {
        Map<String, String> take = Map.of("to", "IN_PROGRESS");
        assertThat(transition(Tokens.cityOfficial("voronezh"), NOVO, take).statusCode()).isEqualTo(403);
        assertThat(transition(Tokens.cityOfficial(), NOVO, take).statusCode()).isEqualTo(403);
        assertThat(transition(Tokens.ingestClient(), NOVO, take).statusCode()).isEqualTo(403);
        assertThat(given().contentType(ContentType.JSON).body(take).post("/api/v1/incidents/" + NOVO + "/transitions")
                .statusCode()).isEqualTo(401);
        assertThat(transition(Tokens.regionAnalyst(), "wf-no-such-incident", take).statusCode()).isEqualTo(404);
        // a city official sees nothing of another municipality's incident
        given().auth().oauth2(Tokens.cityOfficial("voronezh")).get("/api/v1/incidents/" + NOVO).then().statusCode(404);
        given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/incidents/wf-no-such-incident").then().statusCode(404);
        assertThat(detail(Tokens.regionAnalyst(), NOVO).getString("incident.state")).isEqualTo("NEW");

        assertThat(transition(Tokens.cityOfficial("novovoronezh"), NOVO, Map.of("to", "REOPENED")).statusCode()).isEqualTo(422);
        assertThat(transition(Tokens.cityOfficial("novovoronezh"), NOVO, Map.of("to", "REJECTED")).statusCode()).isEqualTo(422);
        transition(Tokens.cityOfficial("novovoronezh"), NOVO, take).then().statusCode(201);
        transition(Tokens.regionAdmin(), NOVO, Map.of("to", "REJECTED", "comment", "Не подтвердилось")).then().statusCode(201);
        JsonPath detail = detail(Tokens.cityOfficial("novovoronezh"), NOVO);
        assertThat(detail.getString("incident.state")).isEqualTo("REJECTED");
        assertThat(detail.getList("timeline.to")).containsExactly("IN_PROGRESS", "REJECTED");
    }

    @Test
    void theAuditTrailCannotBeRewritten() throws Exception {
        transition(Tokens.regionAnalyst(), AUDIT, Map.of("to", "IN_PROGRESS", "comment", "первая")).then().statusCode(201);
        List<Map<String, Object>> before = TestDatabase.rows("select * from incident_changes where incident_key = ? order by sequence", AUDIT);
        assertThat(before).hasSize(1);

        assertThatThrownBy(() -> TestDatabase.execute("update incident_changes set to_state = 'RESOLVED' where incident_key = ?", AUDIT))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> TestDatabase.execute("delete from incident_changes where incident_key = ?", AUDIT))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> TestDatabase.execute("truncate incident_changes cascade")).hasMessageContaining("append-only");

        transition(Tokens.regionAnalyst(), AUDIT, Map.of("to", "DECISION_TAKEN", "comment", "вторая")).then().statusCode(201);
        List<Map<String, Object>> after = TestDatabase.rows("select * from incident_changes where incident_key = ? order by sequence", AUDIT);
        assertThat(after).hasSize(2);
        assertThat(after.get(0)).isEqualTo(before.get(0));
    }

    @Test
    void ofConcurrentChangesFromTheSameStateOneWins() throws Exception {
        // the same change eight times at once: the first moves the incident on, the others find IN_PROGRESS
        List<Integer> statuses = race(8, i -> transition(Tokens.regionAnalyst(), RACE, Map.of("to", "IN_PROGRESS")).statusCode());
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        assertThat(TestDatabase.count("select count(*) from incident_changes where incident_key = ?", RACE)).isEqualTo(1);

        // two different changes made from the same state seen (NEW): one wins, the other is stale
        List<Integer> fork = race(2, i -> transition(Tokens.regionAnalyst(), FORK, i == 0
                ? Map.of("from", "NEW", "to", "IN_PROGRESS")
                : Map.of("from", "NEW", "to", "REJECTED", "comment", "дубль")).statusCode());
        assertThat(fork).containsExactlyInAnyOrder(201, 409);
        assertThat(TestDatabase.rows("select from_state from incident_changes where incident_key = ?", FORK))
                .extracting(r -> r.get("from_state")).containsExactly("NEW");
    }

    private interface Attempt {
        int run(int i) throws Exception;
    }

    private static List<Integer> race(int n, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Integer> call = () -> {
                    start.await();
                    return attempt.run(index);
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<IncidentStateChanged> events(ConsumerTask<String, String> topic, String key) throws Exception {
        List<IncidentStateChanged> events = new ArrayList<>();
        for (ConsumerRecord<String, String> r : topic.getRecords()) {
            if (key.equals(r.key())) {
                events.add(EventJson.mapper().readValue(r.value(), IncidentStateChanged.class));
            }
        }
        return events;
    }

    static Response transition(String token, String key, Map<String, String> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/incidents/" + key + "/transitions");
    }

    static JsonPath detail(String token, String key) {
        return given().auth().oauth2(token).get("/api/v1/incidents/" + key).then().statusCode(200).extract().jsonPath();
    }
}
