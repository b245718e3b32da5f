package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.ClassificationFeedback;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.SentimentLabel;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.contracts.UrgencyLevel;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestKafka;
import ru.civicpulse.testsupport.Tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Analytics on constructed data whose answers are known in advance. */
@QuarkusTest
class AnalyticsTest {
    private static final List<MessageClassified> DATA = new ArrayList<>();
    private static MessageClassified pothole;
    private static boolean loaded;

    @BeforeAll
    static void load() {
        if (loaded) {
            return;
        }
        // --- June 2024, Voronezh: a roads spike in Leninsky on 30 June, waste steady in Sovetsky ---
        for (int day = 2; day <= 26; day += 4) {
            DATA.add(Events.message().district("leninsky").group("roads").at(moscow(2024, 6, day, 10)).build());
        }
        for (int i = 0; i < 8; i++) {
            DATA.add(Events.message().district("leninsky").group("roads").at(moscow(2024, 6, 30, 8 + i)).build());
        }
        for (int day = 2; day <= 29; day++) {
            DATA.add(Events.message().district("sovetsky").group("waste").at(moscow(2024, 6, day, 12)).build());
        }
        for (int i = 0; i < 3; i++) {
            DATA.add(Events.message().district("sovetsky").group("waste").at(moscow(2024, 6, 30, 9 + i)).build());
        }
        // new but below the minimum count of 5: never a spike
        for (int i = 0; i < 4; i++) {
            DATA.add(Events.message().district("tsentralny").group("healthcare").at(moscow(2024, 6, 30, 9 + i)).build());
        }
        MessageClassified unanswered = Events.message().district("zheleznodorozhny").group("housing-utilities")
                .urgency(UrgencyLevel.EMERGENCY).text("Запах газа в подъезде").at(moscow(2024, 6, 30, 7)).build();
        MessageClassified answered = Events.message().district("zheleznodorozhny").group("housing-utilities")
                .urgency(UrgencyLevel.EMERGENCY).text("Прорвало трубу").at(moscow(2024, 6, 30, 6)).build();
        DATA.add(unanswered);
        DATA.add(answered);
        DATA.add(Events.message().replyTo(answered.messageId()).author("ar_official").at(moscow(2024, 6, 30, 6, 30)).build());

        // --- June 2024, Novovoronezh: three incidents with a known concern order ---
        for (int i = 0; i < 6; i++) {
            DATA.add(Events.message().municipality("novovoronezh").group("waste").incident("inc-a")
                    .text("Свалка у дома " + i).author("ar_a_" + i).at(moscow(2024, 6, 27, 8 + i)).build());
            DATA.add(Events.message().municipality("novovoronezh").group("roads").incident("inc-b")
                    .text("Опять яма " + i).author("ar_b").at(moscow(2024, 6, 27, 8 + i)).build());
        }
        for (int i = 0; i < 3; i++) {
            DATA.add(Events.message().municipality("novovoronezh").group("energy-gas-telecom").incident("inc-c")
                    .tone(SentimentLabel.NEUTRAL).urgency(UrgencyLevel.EMERGENCY).text("Искрит провод " + i)
                    .author("ar_c_" + i).at(moscow(2024, 6, 28, 8 + i)).build());
        }

        // --- May 2024, Novovoronezh: replies after 1, 2 and 3 hours; two messages left unanswered ---
        for (int h = 1; h <= 3; h++) {
            MessageClassified m = Events.message().municipality("novovoronezh").group("roads")
                    .text("Глубокие ямы на дороге у школы номер " + h).at(moscow(2024, 5, 10, 9)).build();
            DATA.add(m);
            DATA.add(Events.message().municipality("novovoronezh").replyTo(m.messageId()).author("ar_official")
                    .at(moscow(2024, 5, 10, 9 + h)).build());
            if (h == 1) {
                pothole = m;
            }
        }
        DATA.add(Events.message().municipality("novovoronezh").group("roads").text("Не горят фонари").at(moscow(2024, 5, 11, 9)).build());
        DATA.add(Events.message().municipality("novovoronezh").group("housing-utilities").urgency(UrgencyLevel.EMERGENCY)
                .text("Нет отопления").at(moscow(2024, 5, 12, 9)).build());

        Broker.publish(DATA);
        Broker.awaitConsumed();
        loaded = true;
    }

    @Test
    void topicsCountPerGroupAgainstThePreviousPeriod() {
        JsonPath topics = get("/api/v1/analytics/topics?from=2024-06-30&to=2024-07-01&municipality=voronezh");
        assertThat(topics.getLong("total")).isEqualTo(8 + 3 + 4 + 2);
        assertThat(topics.getLong("previousTotal")).isEqualTo(1);
        Map<String, Object> roads = group(topics, "roads");
        assertThat(roads).containsEntry("label", "Дороги").containsEntry("count", 8).containsEntry("previousCount", 0);
        assertThat(roads.get("change")).isNull();
        Map<String, Object> waste = group(topics, "waste");
        assertThat(waste).containsEntry("count", 3).containsEntry("previousCount", 1).containsEntry("uniqueAuthors", 3);
        assertThat(((Number) waste.get("change")).doubleValue()).isEqualTo(2.0);
        assertThat(((Number) waste.get("share")).doubleValue()).isCloseTo(3 / 17.0, within(1e-6));
        assertThat(topics.getLong("uniqueAuthors")).isEqualTo(17);
        // the same answer from the facts when the period is not made of whole days
        JsonPath partial = get("/api/v1/analytics/topics", Map.of("from", "2024-06-30T00:00:00+03:00", "to", "2024-06-30T12:00:00+03:00",
                "municipality", "voronezh"));
        assertThat(group(partial, "roads")).containsEntry("count", 4);
    }

    @Test
    void timeseriesPerDayAndWeek() {
        JsonPath days = get("/api/v1/analytics/timeseries?from=2024-06-28&to=2024-07-01&municipality=voronezh&group=roads");
        assertThat(days.getList("buckets", String.class)).containsExactly("2024-06-28", "2024-06-29", "2024-06-30");
        assertThat(days.getList("series.find { it.group == 'roads' }.counts", Integer.class)).containsExactly(0, 0, 8);
        JsonPath weeks = get("/api/v1/analytics/timeseries?from=2024-06-17&to=2024-07-01&interval=week&municipality=voronezh&group=waste");
        assertThat(weeks.getList("buckets", String.class)).containsExactly("2024-06-17", "2024-06-24");
        assertThat(weeks.getList("series[0].counts", Integer.class)).containsExactly(7, 6 + 3);
    }

    @Test
    void alertsFindTheSpikeAndTheUnansweredEmergency() {
        JsonPath alerts = get("/api/v1/analytics/alerts?from=2024-06-01&to=2024-07-01&municipality=voronezh");
        List<Map<String, Object>> spikes = alerts.getList("spikes");
        assertThat(spikes).hasSize(1);
        assertThat(spikes.get(0)).containsEntry("group", "roads").containsEntry("district", "leninsky")
                .containsEntry("count", 8).containsEntry("windowStart", "2024-06-30");
        assertThat(((Number) spikes.get(0).get("pValue")).doubleValue()).isLessThan(0.01);
        assertThat(alerts.getList("emergencies.text", String.class)).containsExactly("Запах газа в подъезде");
    }

    @Test
    void incidentsAreRankedByConcern() {
        JsonPath incidents = get("/api/v1/incidents?from=2024-06-20&to=2024-07-01&municipality=novovoronezh");
        assertThat(incidents.getList("incidents.incidentKey", String.class)).containsExactly("inc-a", "inc-c", "inc-b");
        // 6 authors x growth factor 2 x negativity 2; 3 x 2 x urgency 2; 1 x 2 x 2
        assertThat(incidents.getList("incidents.concernScore", Double.class)).containsExactly(24.0, 12.0, 4.0);
        assertThat(incidents.getList("incidents[0].quotes")).hasSize(3);
        assertThat(incidents.getString("incidents[0].quotes[0].text")).startsWith("Свалка у дома");
        assertThat(incidents.getInt("incidents[2].uniqueAuthors")).isEqualTo(1);
        assertThat(get("/api/v1/incidents?from=2024-06-20&to=2024-07-01&municipality=novovoronezh&limit=1")
                .getList("incidents")).hasSize(1);
    }

    @Test
    void responsesMeasureTimeToFirstReplyAndListOverdueMessages() {
        JsonPath r = get("/api/v1/analytics/responses?from=2024-05-01&to=2024-06-01&municipality=novovoronezh");
        assertThat(r.getLong("overall.messages")).isEqualTo(5);
        assertThat(r.getLong("overall.answered")).isEqualTo(3);
        assertThat(r.getDouble("overall.medianHours")).isCloseTo(2.0, within(1e-6));
        assertThat(r.getDouble("overall.p90Hours")).isCloseTo(2.8, within(1e-6));
        assertThat(r.getLong("overdueTotal")).isEqualTo(2);
        assertThat(r.getList("overdue.text", String.class)).containsExactly("Не горят фонари", "Нет отопления");
        assertThat(r.getString("overdue.find { it.text == 'Нет отопления' }.deadline")).isEqualTo("2024-05-12T08:00:00Z");
        assertThat(r.getList("byGroup.key", String.class)).containsExactly("roads", "housing-utilities");
    }

    @Test
    void comparisonWithUploadedStatistics() {
        given().auth().oauth2(Tokens.regionAnalyst()).contentType("text/csv")
                .body("periodStart,periodEnd,municipality,group,count\n"
                        + "2024-05-01,2024-05-31,novovoronezh,roads,50\n"
                        + "2024-05-01,2024-05-31,novovoronezh,waste,10\n")
                .put("/api/v1/external-stats/cur").then().statusCode(200);
        given().auth().oauth2(Tokens.regionAdmin()).contentType(ContentType.JSON)
                .body("[{\"periodStart\":\"2024-05-01\",\"periodEnd\":\"2024-05-31\",\"municipality\":\"novovoronezh\",\"group\":\"nonsense\",\"count\":1}]")
                .put("/api/v1/external-stats/other").then().statusCode(422).contentType("application/problem+json");
        JsonPath c = get("/api/v1/analytics/comparison?from=2024-05-01&to=2024-06-01&municipality=novovoronezh&sources=cur");
        assertThat(c.getList("sources", String.class)).containsExactly("civicpulse", "cur");
        assertThat(c.getList("groups.find { it.group == 'roads' }.counts", Integer.class)).containsExactly(4, 50);
        assertThat(c.getList("groups.find { it.group == 'waste' }.counts", Integer.class)).containsExactly(0, 10);
        assertThat(c.getDouble("correlations[0].spearman")).isCloseTo(0.5, within(1e-6));
        // half of May only: the monthly figure counts in proportion (16 of 31 days)
        JsonPath half = get("/api/v1/analytics/comparison?from=2024-05-01&to=2024-05-17&municipality=novovoronezh&sources=civicpulse,cur");
        assertThat(half.getList("groups.find { it.group == 'roads' }.counts", Integer.class)).containsExactly(4, 26);
        given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/analytics/comparison?from=2024-05-01&to=2024-06-01&sources=nobody")
                .then().statusCode(422);
    }

    @Test
    void concurrentUploadsOfOneSourceEachReplaceTheWholeSet() throws Exception {
        String token = Tokens.regionAnalyst();
        int uploads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                int count = i + 1;
                answers.add(pool.submit(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body("[{\"periodStart\":\"2023-01-01\",\"periodEnd\":\"2023-01-31\",\"municipality\":\"voronezh\","
                                + "\"group\":\"roads\",\"count\":" + count + "}]")
                        .put("/api/v1/external-stats/race").then().extract().statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonPath sources = get("/api/v1/external-stats");
        // one of the uploads won whole: one row, not a sum or a mix of several
        assertThat(sources.getLong("find { it.source == 'race' }.rows")).isEqualTo(1);
        assertThat(sources.getLong("find { it.source == 'race' }.total")).isBetween(1L, (long) uploads);
    }

    @Test
    void searchFindsRussianWordFormsAndCorrectionsReachTheClassifier() {
        JsonPath found = get("/api/v1/messages", Map.of("q", "яма школа", "municipality", "novovoronezh"));
        assertThat(found.getLong("total")).isEqualTo(3);
        assertThat(found.getList("items.text", String.class)).allMatch(t -> t.startsWith("Глубокие ямы на дороге у школы"));
        assertThat(get("/api/v1/messages", Map.of("q", "яма -школа", "municipality", "novovoronezh", "size", "50")).getList("items.text", String.class))
                .allMatch(t -> t.startsWith("Опять яма"));

        try (ConsumerTask<String, String> feedback = TestKafka.follow(Topics.CLASSIFICATION_FEEDBACK)) {
            given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON)
                    .body("{\"group\":\"roads\",\"topic\":\"roads/potholes\"}")
                    .post("/api/v1/messages/" + pothole.messageId() + "/correction").then().statusCode(202);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(feedback.getRecords()).anySatisfy(rec -> {
                    assertThat(rec.key()).isEqualTo(pothole.messageId().toString());
                    ClassificationFeedback event = EventJson.mapper().readValue(rec.value(), ClassificationFeedback.class);
                    assertThat(event.topic()).isEqualTo("roads/potholes");
                    assertThat(event.previousGroup()).isEqualTo("roads");
                    assertThat(event.text()).isEqualTo(pothole.text());
                });
            });
        }
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON).body("{\"group\":\"roads\",\"topic\":\"heating\"}")
                .post("/api/v1/messages/" + pothole.messageId() + "/correction").then().statusCode(422);
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON).body("{\"group\":\"nope\"}")
                .post("/api/v1/messages/" + pothole.messageId() + "/correction").then().statusCode(422);
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON).body("{\"group\":\"roads\"}")
                .post("/api/v1/messages/00000000-0000-0000-0000-000000000000/correction").then().statusCode(404);
    }

    @Test
    void methodologyNamesTheModelVersions() {
        JsonPath m = get("/api/v1/analytics/methodology?from=2024-05-01&to=2024-06-01&municipality=novovoronezh");
        assertThat(m.getLong("messages")).isEqualTo(5);
        assertThat(m.getList("modelVersions.version", String.class)).containsExactly("m-1");
    }

    @Test
    void unreadablePeriodsAre422() {
        given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/analytics/topics?from=yesterday&to=2024-07-01")
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/analytics/topics?from=2024-07-01&to=2024-06-01")
                .then().statusCode(422);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> group(JsonPath json, String group) {
        return (Map<String, Object>) json.getList("groups", Map.class).stream()
                .filter(g -> group.equals(g.get("group"))).findFirst().orElseThrow();
    }

    static JsonPath get(String path) {
        return given().auth().oauth2(Tokens.regionAnalyst()).get(path).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath get(String path, Map<String, String> params) {
        return given().auth().oauth2(Tokens.regionAnalyst()).queryParams(params).get(path).then().statusCode(200).extract().jsonPath();
    }

    static Instant moscow(int year, int month, int day, int hour) {
        return moscow(year, month, day, hour, 0);
    }

    static Instant moscow(int year, int month, int day, int hour, int minute) {
        return java.time.LocalDateTime.of(year, month, day, hour, minute).atZone(java.time.ZoneId.of("Europe/Moscow")).toInstant();
    }
}
