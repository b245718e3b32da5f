package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.reporting.analytics.ReportingConfig;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.reporting.support.Routing;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Executor analytics over a randomized fixture (seeded): messages over several executors, groups and
 * districts, replies at random delays, incidents in every state. Every figure is compared with what
 * the test computes from the generated data in plain Java.
 */
@QuarkusTest
class ExecutorAnalyticsTest {
    /** A week nobody else's test uses, and the week before it. */
    static final Instant FROM = AnalyticsTest.moscow(2021, 10, 11, 0);
    static final Instant TO = FROM.plus(Duration.ofDays(7));
    static final Instant PREVIOUS = FROM.minus(Duration.ofDays(7));
    static final String PERIOD = "from=2021-10-11&to=2021-10-18";
    static final String DECISION = "Ремонт покрытия до 1 ноября";
    static final String OLD_DECISION = "Старое решение";
    static final String NOVO_DECISION = "Решение Нововоронежа";
    static final List<String> STATES = List.of("NEW", "IN_PROGRESS", "DECISION_TAKEN", "RESOLVED", "REJECTED");
    static final List<String> GROUPS = List.of("roads", "waste", "housing-utilities", "healthcare");
    static final List<String> DISTRICTS = List.of("leninsky", "sovetsky", "tsentralny", "zheleznodorozhny");

    record Executor(UUID id, String municipality, String name, Map<String, Integer> deadlines, int defaultHours) {
    }

    record Incident(String key, String municipality, String group, Executor executor, String state) {
    }

    record Message(UUID id, String municipality, String group, Instant published, Instant reply, Executor executor,
                   Incident incident) {
    }

    static final List<Executor> EXECUTORS = new ArrayList<>();
    static final List<Incident> INCIDENTS = new ArrayList<>();
    static final List<Message> MESSAGES = new ArrayList<>();
    static boolean loaded;

    @Inject
    Routing routing;

    @Inject
    ReportingConfig config;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        Random random = new Random(20211011);
        List<Executor> voronezh = List.of(
                executor("voronezh", "Управа Ленинского района", Map.of("roads", 72), 24),
                executor("voronezh", "Управление ЖКХ", Map.of("housing-utilities", 12), 48),
                // a deadline no reply in the fixture can miss
                executor("voronezh", "Управление экологии", Map.of("waste", 100_000), 120),
                executor("voronezh", "Управление без обращений", Map.of(), 24));
        List<Executor> novo = List.of(executor("novovoronezh", "Администрация Нововоронежа", Map.of(), 24));
        for (int i = 0; i < 38; i++) {
            String municipality = i < 30 ? "voronezh" : "novovoronezh";
            List<Executor> pool = i < 30 ? voronezh.subList(0, 3) : novo;
            Executor executor = random.nextInt(4) == 0 ? null : pool.get(random.nextInt(pool.size()));
            INCIDENTS.add(new Incident("exec-inc-" + i, municipality, GROUPS.get(random.nextInt(GROUPS.size())), executor,
                    i == 0 ? "DECISION_TAKEN" : STATES.get(random.nextInt(STATES.size()))));
        }
        List<MessageClassified> events = new ArrayList<>();
        for (int i = 0; i < 420; i++) {
            boolean inVoronezh = i < 360;
            String municipality = inVoronezh ? "voronezh" : "novovoronezh";
            List<Incident> incidents = INCIDENTS.stream().filter(x -> x.municipality().equals(municipality)).toList();
            Incident incident = random.nextInt(10) < 4 ? incidents.get(random.nextInt(incidents.size())) : null;
            String group = incident != null ? incident.group() : GROUPS.get(random.nextInt(GROUPS.size()));
            List<Executor> pool = inVoronezh ? voronezh.subList(0, 3) : novo;
            Executor executor = random.nextInt(5) == 0 ? null : pool.get(random.nextInt(pool.size()));
            // from three days before the previous week to three days after the week
            Instant published = PREVIOUS.minus(Duration.ofDays(3)).plusSeconds(random.nextInt(20 * 86400));
            Instant reply = random.nextInt(100) < 65 ? published.plusSeconds(600 + random.nextInt(200 * 3600)) : null;
            Message m = new Message(UUID.randomUUID(), municipality, group, published, reply, executor, incident);
            MESSAGES.add(m);
            Events e = Events.message().id(m.id()).municipality(municipality).group(group).at(published)
                    .text("Обращение " + i);
            if (inVoronezh) {
                e.district(DISTRICTS.get(random.nextInt(DISTRICTS.size())));
            }
            if (incident != null) {
                e.incident(incident.key());
            }
            events.add(e.build());
            if (reply != null) {
                events.add(Events.message().municipality(municipality).replyTo(m.id()).author("ar_official").at(reply).build());
            }
        }
        Broker.publish(events);
        Broker.awaitConsumed();
        for (Message m : MESSAGES) {
            routing.routeMessage(m.id(), m.executor() == null ? null : m.executor().id());
        }
        for (Incident x : INCIDENTS) {
            routing.routeIncident(x.key(), x.municipality(), x.executor() == null ? null : x.executor().id());
            if (x == INCIDENTS.get(0)) {
                routing.change(x.key(), 1, x.municipality(), "NEW", "IN_PROGRESS", "Передано исполнителю", "analyst", FROM.plusSeconds(3600));
                routing.change(x.key(), 2, x.municipality(), "IN_PROGRESS", "DECISION_TAKEN", DECISION, "official.voronezh",
                        FROM.plus(Duration.ofDays(2)));
            } else if (x == INCIDENTS.get(1) && x.state().equals("DECISION_TAKEN")) {
                routing.change(x.key(), 1, x.municipality(), "NEW", "DECISION_TAKEN", OLD_DECISION, "analyst", PREVIOUS);
            } else if (x == INCIDENTS.get(30)) {
                routing.change(x.key(), 1, x.municipality(), "NEW", x.state(), NOVO_DECISION, "official.novo", FROM.plusSeconds(7200));
            } else if (!x.state().equals("NEW")) {
                routing.change(x.key(), 1, x.municipality(), "NEW", x.state(), "Комментарий", "analyst", PREVIOUS.minus(Duration.ofDays(5)));
            }
        }
        EXECUTORS.addAll(voronezh);
        EXECUTORS.addAll(novo);
        loaded = true;
    }

    private Executor executor(String municipality, String name, Map<String, Integer> deadlines, int defaultHours) {
        String json = deadlines.entrySet().stream().map(d -> "\"" + d.getKey() + "\": " + d.getValue())
                .reduce((a, b) -> a + ", " + b).map(s -> "{" + s + "}").orElse("{}");
        return new Executor(routing.executor(municipality, name, json, defaultHours), municipality, name, deadlines, defaultHours);
    }

    @Test
    void executorFiguresEqualDirectCounts() {
        Instant before = Instant.now();
        JsonPath answer = get(Tokens.regionAnalyst(), "/api/v1/analytics/executors?" + PERIOD + "&municipality=voronezh");
        Instant after = Instant.now();
        // other test classes' executors of Voronezh are listed too (with no messages in this period): left aside
        Set<String> fixture = EXECUTORS.stream().map(x -> x.id().toString()).collect(Collectors.toSet());
        List<Map<String, Object>> all = answer.getList("executors");
        List<Map<String, Object>> rows = all.stream().filter(r -> r.get("id") == null || fixture.contains(r.get("id"))).toList();
        List<Expected> expected = expected("voronezh", before);
        List<Expected> expectedAfter = expected("voronezh", after);
        // overdue first, then busiest, then by name
        assertThat(rows).extracting(r -> r.get("name")).containsExactlyElementsOf(expected.stream().map(Expected::name).toList());
        assertThat(expected).extracting(Expected::messages).contains(0L).doesNotContain(-1L);
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            Map<String, Object> r = rows.get(i);
            String as = e.name();
            assertThat(r.get("id")).as(as).isEqualTo(e.id() == null ? null : e.id().toString());
            assertThat(number(r, "messages")).as(as).isEqualTo(e.messages());
            assertThat(number(r, "previousMessages")).as(as).isEqualTo(e.previousMessages());
            assertThat(number(r, "answered")).as(as).isEqualTo(e.answered());
            assertThat(decimal(r, "answeredShare")).as(as).isCloseTo(e.messages() == 0 ? 0 : (double) e.answered() / e.messages(), within(1e-9));
            assertDecimal(r, "previousAnsweredShare", e.previousMessages() == 0 ? null : (double) e.previousAnswered() / e.previousMessages(), as);
            assertDecimal(r, "messagesChange", e.previousMessages() == 0 ? null
                    : (double) (e.messages() - e.previousMessages()) / e.previousMessages(), as);
            assertDecimal(r, "answeredShareChange", e.messages() == 0 || e.previousMessages() == 0 ? null
                    : (double) e.answered() / e.messages() - (double) e.previousAnswered() / e.previousMessages(), as);
            assertDecimal(r, "medianHours", percentile(e.waits(), 0.5), as);
            assertDecimal(r, "p90Hours", percentile(e.waits(), 0.9), as);
            // counts only grow with time: the answer lies between the counts before and after the request
            assertThat(number(r, "overdueMessages")).as(as).isBetween(e.overdueMessages(), expectedAfter.get(i).overdueMessages());
            assertThat(number(r, "overdueIncidents")).as(as).isBetween(e.overdueIncidents(), expectedAfter.get(i).overdueIncidents());
            @SuppressWarnings("unchecked")
            Map<String, Object> states = (Map<String, Object>) r.get("incidents");
            assertThat(states.keySet()).as(as).containsExactlyElementsOf(STATES);
            for (String state : STATES) {
                assertThat(((Number) states.get(state)).longValue()).as(as + " " + state).isEqualTo(e.incidents().getOrDefault(state, 0L));
            }
        }
        // the fixture exercises what it claims: late replies, deadlines that spare some, incidents in every state
        assertThat(expected.stream().mapToLong(Expected::overdueMessages).sum()).isGreaterThan(20);
        Executor ecology = EXECUTORS.get(2);
        List<UUID> spared = MESSAGES.stream().filter(m -> m.executor() == ecology && m.group().equals("waste") && m.reply() == null
                && in(m.published(), FROM, TO)).map(Message::id).toList();
        assertThat(spared).isNotEmpty();
        assertThat(expected.stream().filter(e -> ecology.id().equals(e.id())).findFirst().orElseThrow().overdueMessageIds())
                .doesNotContainAnyElementsOf(spared).isNotEmpty();
        assertThat(expected.stream().flatMap(e -> e.incidents().keySet().stream()).distinct()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(answer.getString("previousFrom")).isEqualTo(PREVIOUS.toString());
    }

    @Test
    void overdueListIsPagedNewestMissFirstAndScoped() {
        Executor leninsky = EXECUTORS.get(0);
        Instant before = Instant.now();
        String url = "/api/v1/analytics/executors/" + leninsky.id() + "/overdue?" + PERIOD;
        JsonPath all = get(Tokens.regionAnalyst(), url + "&size=100");
        Expected e = expected("voronezh", before).stream().filter(x -> leninsky.id().equals(x.id())).findFirst().orElseThrow();
        assertThat(all.getLong("total")).isEqualTo(e.overdueMessages() + e.overdueIncidents());
        assertThat(all.getString("name")).isEqualTo(leninsky.name());
        List<String> deadlines = all.getList("items.deadline", String.class);
        assertThat(deadlines.stream().map(Instant::parse).toList())
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(all.getList("items.messageId", String.class).stream().filter(Objects::nonNull).toList())
                .containsExactlyInAnyOrderElementsOf(e.overdueMessageIds().stream().map(UUID::toString).toList());
        assertThat(all.getList("items.incidentKey", String.class).stream().filter(Objects::nonNull).toList())
                .containsExactlyInAnyOrderElementsOf(e.overdueIncidentKeys());
        List<Map<String, Object>> items = all.getList("items");
        for (Map<String, Object> item : items) {
            if ("MESSAGE".equals(item.get("kind"))) {
                Message m = MESSAGES.stream().filter(x -> x.id().toString().equals(item.get("messageId"))).findFirst().orElseThrow();
                assertThat(Instant.parse((String) item.get("deadline"))).isEqualTo(m.published().plus(deadline(m.executor(), m.group())));
            }
        }
        JsonPath second = get(Tokens.regionAnalyst(), url + "&size=5&page=1");
        assertThat(second.getList("items.deadline", String.class)).containsExactlyElementsOf(deadlines.subList(5, 10));

        // an official of Voronezh sees Voronezh executors only, and not Novovoronezh's overdue list
        String official = Tokens.token(TestIssuer.CITY, "official.voronezh", Set.of("city-official"), List.of("voronezh"));
        Executor novo = EXECUTORS.get(4);
        assertThat(get(official, "/api/v1/analytics/executors?" + PERIOD).getList("executors.name", String.class))
                .contains(leninsky.name()).doesNotContain(novo.name());
        assertThat(get(official, "/api/v1/analytics/executors?" + PERIOD + "&municipality=novovoronezh").getList("executors")).isEmpty();
        given().auth().oauth2(official).get("/api/v1/analytics/executors/" + novo.id() + "/overdue?" + PERIOD)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(official).get("/api/v1/analytics/executors/" + leninsky.id() + "/overdue?" + PERIOD)
                .then().statusCode(200);
        assertThat(get(Tokens.regionAnalyst(), "/api/v1/analytics/executors?" + PERIOD).getList("executors.name", String.class))
                .contains(leninsky.name(), novo.name());
        given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/analytics/executors/" + UUID.randomUUID() + "/overdue?" + PERIOD)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/analytics/executors/not-a-uuid/overdue?" + PERIOD)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/analytics/executors?from=2021-10-18&to=2021-10-11")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void weeklyReportShowsExecutorsAndDecisions() {
        String token = Tokens.regionAnalyst();
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"from\":\"2021-10-11\",\"to\":\"2021-10-18\",\"municipality\":\"voronezh\"}")
                .post("/api/v1/reports").then().statusCode(202).extract().jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(given().auth().oauth2(token).get("/api/v1/reports/" + id).then().statusCode(200).extract()
                        .jsonPath().getString("status")).isEqualTo("DONE"));
        Expected leninsky = expected("voronezh", Instant.now()).stream().filter(x -> EXECUTORS.get(0).id().equals(x.id()))
                .findFirst().orElseThrow();
        String html = document(token, id, "html");
        assertThat(html).contains("<h2>Исполнители</h2>", "<h2>Решения, принятые за период</h2>",
                "<td>Управа Ленинского района</td><td class=\"n\">" + leninsky.messages() + "</td>",
                "<td>без исполнителя</td>", DECISION, "official.voronezh")
                .doesNotContain(OLD_DECISION, NOVO_DECISION, "Администрация Нововоронежа");
        String csv = document(token, id, "csv");
        assertThat(csv).contains("\r\nИсполнители\r\n", "\r\nУправа Ленинского района;" + leninsky.messages() + ";",
                "\r\n\"Решения, принятые за период\"\r\n", ";official.voronezh;", DECISION)
                .doesNotContain(OLD_DECISION, NOVO_DECISION);
    }

    // ---- the expected figures, from the generated data ----

    record Expected(UUID id, String name, long messages, long previousMessages, long answered, long previousAnswered,
                    List<Long> waits, long overdueMessages, Map<String, Long> incidents, long overdueIncidents,
                    List<UUID> overdueMessageIds, List<String> overdueIncidentKeys) {
        long overdue() {
            return overdueMessages + overdueIncidents;
        }
    }

    private List<Expected> expected(String municipality, Instant now) {
        List<Executor> executors = new ArrayList<>(EXECUTORS.stream().filter(x -> x.municipality().equals(municipality)).toList());
        executors.add(null);
        List<Expected> out = new ArrayList<>();
        for (Executor ex : executors) {
            List<Message> mine = MESSAGES.stream().filter(m -> m.municipality().equals(municipality) && m.executor() == ex).toList();
            List<Message> current = mine.stream().filter(m -> in(m.published(), FROM, TO)).toList();
            List<Message> previous = mine.stream().filter(m -> in(m.published(), PREVIOUS, FROM)).toList();
            List<Long> waits = current.stream().filter(m -> m.reply() != null)
                    .map(m -> Duration.between(m.published(), m.reply()).toSeconds()).sorted().toList();
            List<UUID> overdueMessages = current.stream().filter(m -> {
                Instant deadline = m.published().plus(deadline(ex, m.group()));
                return m.reply() == null ? deadline.isBefore(now) : m.reply().isAfter(deadline);
            }).map(Message::id).toList();
            Map<String, Long> states = new HashMap<>();
            List<String> overdueIncidents = new ArrayList<>();
            for (Incident x : INCIDENTS) {
                List<Message> its = MESSAGES.stream().filter(m -> m.incident() == x).toList();
                if (x.executor() != ex || its.stream().noneMatch(m -> m.municipality().equals(municipality) && in(m.published(), FROM, TO))) {
                    continue;
                }
                states.merge(x.state(), 1L, Long::sum);
                Instant first = its.stream().map(Message::published).min(Comparator.naturalOrder()).orElseThrow();
                if ((x.state().equals("NEW") || x.state().equals("IN_PROGRESS")) && first.plus(deadline(ex, x.group())).isBefore(now)) {
                    overdueIncidents.add(x.key());
                }
            }
            if (ex == null && current.isEmpty() && states.isEmpty()) {
                continue;
            }
            out.add(new Expected(ex == null ? null : ex.id(), ex == null ? "без исполнителя" : ex.name(), current.size(),
                    previous.size(), current.stream().filter(m -> m.reply() != null).count(),
                    previous.stream().filter(m -> m.reply() != null).count(), waits, overdueMessages.size(), states,
                    overdueIncidents.size(), overdueMessages, overdueIncidents));
        }
        out.sort(Comparator.comparingLong(Expected::overdue).reversed()
                .thenComparing(Comparator.comparingLong(Expected::messages).reversed()).thenComparing(Expected::name));
        return out;
    }

    private Duration deadline(Executor ex, String group) {
        if (ex == null) {
            return config.groupDeadlines().getOrDefault(group, config.responseDeadline());
        }
        return Duration.ofHours(ex.deadlines().getOrDefault(group, ex.defaultHours()));
    }

    /** Linear interpolation between the closest ranks, in hours; null for no values. */
    private static Double percentile(List<Long> sortedSeconds, double p) {
        if (sortedSeconds.isEmpty()) {
            return null;
        }
        double rank = p * (sortedSeconds.size() - 1);
        int low = (int) rank;
        int high = Math.min(low + 1, sortedSeconds.size() - 1);
        double value = sortedSeconds.get(low) + (rank - low) * (sortedSeconds.get(high) - sortedSeconds.get(low));
        return value / 3600;
    }

    private static boolean in(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    private static long number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).longValue();
    }

    private static double decimal(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }

    private static void assertDecimal(Map<String, Object> row, String key, Double expected, String as) {
        if (expected == null) {
            assertThat(row.get(key)).as(as + " " + key).isNull();
        } else {
            assertThat(decimal(row, key)).as(as + " " + key).isCloseTo(expected, within(1e-9));
        }
    }

    /** Decimals read as doubles, so the comparisons are not limited by float precision. */
    private static JsonPath get(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static String document(String token, String id, String format) {
        return new String(given().auth().oauth2(token).queryParam("format", format).get("/api/v1/reports/" + id + "/document")
                .then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
    }
}
