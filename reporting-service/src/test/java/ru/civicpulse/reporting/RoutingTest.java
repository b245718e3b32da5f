package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.Tokens;
import ru.civicpulse.testsupport.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Executors and routing rules: who may manage and see them, how arriving messages and incidents are
 * routed and explained, and what a changed rule re-routes.
 */
@QuarkusTest
class RoutingTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static boolean ready;
    /** Executor ids of Voronezh by role in these tests. */
    private static String roads;
    private static String uk;
    private static String vodokanal;
    private static String uprava;
    private static String reception;
    private static String roadsRule;
    private static String defaultRule;


    @BeforeEach
    void directory() {
        if (ready) {
            return;
        }
        roads = created(executor("voronezh", "Управление дорожного хозяйства " + RUN, "DEPARTMENT"));
        uk = created(executor("voronezh", "УК «Тестовый дом» " + RUN, "MANAGEMENT_COMPANY"));
        vodokanal = created(executor("voronezh", "Водоканал " + RUN, "UTILITY"));
        Map<String, Object> district = executor("voronezh", "Управа Ленинского района " + RUN, "DISTRICT_ADMINISTRATION");
        district.put("districts", List.of("leninsky"));
        uprava = created(district);
        reception = created(executor("voronezh", "Общественная приёмная " + RUN, "DEPARTMENT"));
        // rules whose conditions other test classes' messages may meet too: harmless, they only add routes
        roadsRule = rule(Map.of("municipality", "voronezh", "executorId", roads, "group", "roads")).then().statusCode(201)
                .extract().jsonPath().getString("rule.id");
        rule(Map.of("municipality", "voronezh", "executorId", uk, "group", "housing-utilities")).then().statusCode(201);
        rule(Map.of("municipality", "voronezh", "executorId", vodokanal, "topic", "housing-utilities/cold-water"))
                .then().statusCode(201);
        rule(Map.of("municipality", "voronezh", "executorId", uprava, "district", "leninsky")).then().statusCode(201);
        defaultRule = rule(Map.of("municipality", "voronezh", "executorId", reception, "default", true)).then().statusCode(201)
                .extract().jsonPath().getString("rule.id");
        ready = true;
    }

    @Test
    void aMessageArrivingOnTheClassifiedTopicGetsTheExecutorOfTheMostSpecificRule() {
        Instant at = NOW.minus(Duration.ofHours(3));
        Events coldWater = Events.message().municipality("voronezh").district("leninsky").group("housing-utilities")
                .topic("housing-utilities/cold-water").incident("rt-water-" + RUN).at(at);
        Events heating = Events.message().municipality("voronezh").district("sovetsky").group("housing-utilities")
                .topic("housing-utilities/heating").at(at);
        Events playground = Events.message().municipality("voronezh").district("leninsky").group("improvement")
                .topic("improvement/playgrounds").at(at);
        Events other = Events.message().municipality("voronezh").district("sovetsky").group("culture-sport").topic(null).at(at);
        // a later message of the same incident under another group: the incident keeps its first message's route
        Events later = Events.message().municipality("voronezh").district("sovetsky").group("roads")
                .incident("rt-water-" + RUN).at(at.plusSeconds(60));
        Events reply = Events.message().municipality("voronezh").district("leninsky").group("housing-utilities")
                .replyTo(coldWater.id()).at(at.plusSeconds(120));
        Events unrouted = Events.message().municipality("novovoronezh").group("waste").at(at);
        Broker.publish(List.of(coldWater.build(), heating.build(), playground.build(), other.build(), later.build(),
                reply.build(), unrouted.build()));
        Broker.awaitConsumed();

        JsonPath water = message(Tokens.regionAnalyst(), coldWater.id());
        assertThat(water.getString("executor.id")).isEqualTo(vodokanal);
        assertThat(water.getString("executor.name")).isEqualTo("Водоканал " + RUN);
        assertThat(water.getString("routedBy.why")).isEqualTo("matched topic housing-utilities/cold-water; priority 0");
        assertThat(water.getString("message.topic")).isEqualTo("housing-utilities/cold-water");
        assertThat(message(Tokens.regionAnalyst(), heating.id()).getString("executor.id")).isEqualTo(uk);
        assertThat(message(Tokens.regionAnalyst(), playground.id()).getString("executor.id")).isEqualTo(uprava);
        JsonPath fallback = message(Tokens.cityOfficial("voronezh"), other.id());
        assertThat(fallback.getString("executor.id")).isEqualTo(reception);
        assertThat(fallback.getString("routedBy.ruleId")).isEqualTo(defaultRule);
        assertThat(fallback.getString("routedBy.why")).contains("default rule");
        assertThat(message(Tokens.regionAnalyst(), later.id()).getString("executor.id")).isEqualTo(roads);
        // official replies are not routed; no rule and no default in Novovoronezh: unrouted
        assertThat(TestDatabase.count("select count(*) from message_routes where message_id = ?", reply.id())).isZero();
        JsonPath none = message(Tokens.regionAnalyst(), unrouted.id());
        assertThat(none.getString("executor")).isNull();
        assertThat(none.getString("routedBy")).isNull();
        assertThat(none.getString("message.municipality")).isEqualTo("novovoronezh");

        JsonPath incident = given().auth().oauth2(Tokens.cityOfficial("voronezh")).get("/api/v1/incidents/rt-water-" + RUN)
                .then().statusCode(200).extract().jsonPath();
        assertThat(incident.getString("executor.id")).isEqualTo(vodokanal);
        assertThat(incident.getString("routedBy.why")).isEqualTo("matched topic housing-utilities/cold-water; priority 0");
        assertThat(incident.getString("incident.state")).isEqualTo("NEW");

        // scoping: an official of another municipality does not see the message
        problem(given().auth().oauth2(Tokens.cityOfficial("novovoronezh")).get("/api/v1/messages/" + coldWater.id()), 404);
    }

    @Test
    void aChangedRuleReroutesOpenIncidentsOfThePeriodButNotClosedOnesNorOldMessages() throws Exception {
        String street = "Тестовый переулок " + RUN;
        Events open1 = Events.message().municipality("voronezh").district("sovetsky").group("roads")
                .address(street + ", 5").incident("rt-open-" + RUN).at(NOW.minus(Duration.ofDays(2)));
        Events open2 = Events.message().municipality("voronezh").district("sovetsky").group("roads")
                .address(street + ", 5").incident("rt-open-" + RUN).at(NOW.minus(Duration.ofDays(1)));
        Events resolved = Events.message().municipality("voronezh").district("sovetsky").group("roads")
                .address(street + ", 7").incident("rt-resolved-" + RUN).at(NOW.minus(Duration.ofDays(1)));
        Events old = Events.message().municipality("voronezh").district("sovetsky").group("roads")
                .address(street + ", 9").incident("rt-old-" + RUN).at(NOW.minus(Duration.ofDays(30)));
        Events loose = Events.message().municipality("voronezh").district("sovetsky").group("roads")
                .address(street + ", 11").at(NOW.minus(Duration.ofHours(5)));
        Broker.publish(List.of(open1.build(), open2.build(), resolved.build(), old.build(), loose.build()));
        Broker.awaitConsumed();
        for (String to : List.of("IN_PROGRESS", "DECISION_TAKEN", "RESOLVED")) {
            given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON)
                    .body(Map.of("to", to, "comment", "Отремонтировано")).post("/api/v1/incidents/rt-resolved-" + RUN + "/transitions")
                    .then().statusCode(201);
        }
        for (Events m : List.of(open1, open2, resolved, old, loose)) {
            assertThat(message(Tokens.regionAnalyst(), m.id()).getString("executor.id")).isEqualTo(roads);
        }
        String company = created(executor("voronezh", "УК «Переулок» " + RUN, "MANAGEMENT_COMPANY"));

        JsonPath created = rule(Map.of("municipality", "voronezh", "executorId", company, "group", "roads",
                "addressFragment", street.toUpperCase(), "priority", 3)).then().statusCode(201).extract().jsonPath();
        String ruleId = created.getString("rule.id");
        assertThat(created.getInt("rerouted.incidents")).isEqualTo(1);
        assertThat(created.getInt("rerouted.messages")).isEqualTo(3);
        assertThat(created.getString("rule.executor.name")).isEqualTo("УК «Переулок» " + RUN);
        assertThat(created.getString("rule.createdBy")).isEqualTo("admin");

        JsonPath incident = incident("rt-open-" + RUN);
        assertThat(incident.getString("executor.id")).isEqualTo(company);
        assertThat(incident.getString("routedBy.ruleId")).isEqualTo(ruleId);
        assertThat(incident.getString("routedBy.why")).isEqualTo("matched group roads, address contains \""
                + street.toUpperCase() + "\"; priority 3");
        for (Events m : List.of(open1, open2, loose)) {
            assertThat(message(Tokens.regionAnalyst(), m.id()).getString("executor.id")).isEqualTo(company);
        }
        // the resolved incident and the old one keep their executor, and so do their messages
        assertThat(incident("rt-resolved-" + RUN).getString("executor.id")).isEqualTo(roads);
        assertThat(incident("rt-old-" + RUN).getString("executor.id")).isEqualTo(roads);
        assertThat(message(Tokens.regionAnalyst(), resolved.id()).getString("executor.id")).isEqualTo(roads);
        assertThat(message(Tokens.regionAnalyst(), old.id()).getString("executor.id")).isEqualTo(roads);

        // a new message at that address goes to the new executor on arrival
        Events fresh = Events.message().municipality("voronezh").district("sovetsky").group("roads")
                .address(street.toLowerCase() + ", 1").at(NOW.minus(Duration.ofHours(1)));
        Broker.publish(fresh.build());
        Broker.awaitConsumed();
        assertThat(message(Tokens.regionAnalyst(), fresh.id()).getString("routedBy.ruleId")).isEqualTo(ruleId);

        // retiring it routes them back; the rule is kept (routes of closed work may name it)
        JsonPath retired = given().auth().oauth2(Tokens.regionAdmin()).delete("/api/v1/routing/rules/" + ruleId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(retired.getInt("rerouted.incidents")).isEqualTo(1);
        assertThat(retired.getInt("rerouted.messages")).isEqualTo(4);
        assertThat(retired.getString("rule.retiredAt")).isNotNull();
        assertThat(incident("rt-open-" + RUN).getString("executor.id")).isEqualTo(roads);
        assertThat(message(Tokens.regionAnalyst(), fresh.id()).getString("routedBy.ruleId")).isEqualTo(roadsRule);
        assertThat(TestDatabase.count("select count(*) from routing_rules where id = ?::uuid", ruleId)).isEqualTo(1);
        problem(given().auth().oauth2(Tokens.regionAdmin()).delete("/api/v1/routing/rules/" + ruleId), 409);
        List<String> active = given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/routing/rules?municipality=voronezh")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(active).doesNotContain(ruleId).contains(roadsRule, defaultRule);
        assertThat(given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/routing/rules?municipality=voronezh&retired=true")
                .then().statusCode(200).extract().jsonPath().getList("id", String.class)).contains(ruleId);
    }

    @Test
    void theDirectoryIsManagedByRegionAdminsAndReadInScope() {
        Map<String, Object> body = executor("voronezh", "МБУ «Городское освещение» " + RUN, "MUNICIPAL_ENTERPRISE");
        body.put("districts", List.of("leninsky", "sovetsky"));
        body.put("contacts", Map.of("phone", "+7 (473) 000-00-01", "email", "svet@example.org"));
        body.put("deadlines", Map.of("improvement", 48, "roads", 72));
        body.put("defaultDeadlineHours", 96);
        problem(post("/api/v1/executors", Tokens.regionAnalyst(), body), 403);
        problem(post("/api/v1/executors", Tokens.cityOfficial("voronezh"), body), 403);
        problem(post("/api/v1/executors", Tokens.ingestClient(), body), 403);
        JsonPath made = post("/api/v1/executors", Tokens.regionAdmin(), body).then().statusCode(201).extract().jsonPath();
        String id = made.getString("id");
        assertThat(made.getString("kind")).isEqualTo("MUNICIPAL_ENTERPRISE");
        assertThat(made.getList("districts")).containsExactly("leninsky", "sovetsky");
        assertThat(made.getInt("deadlines.roads")).isEqualTo(72);
        assertThat(made.getInt("defaultDeadlineHours")).isEqualTo(96);
        assertThat(made.getString("contacts.email")).isEqualTo("svet@example.org");
        assertThat(problem(post("/api/v1/executors", Tokens.regionAdmin(), body), 409).getString("detail")).contains("already");

        String novo = created(executor("novovoronezh", "Управление ЖКХ Нововоронежа " + RUN, "DEPARTMENT"));
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("municipality", "kursk", "name", "Я",
                "kind", "MINISTRY", "districts", List.of("central-park"), "deadlines", Map.of("roads", 0),
                "defaultDeadlineHours", -5).entrySet()) {
            Map<String, Object> invalid = executor("voronezh", "Проверка " + RUN, "DEPARTMENT");
            invalid.put(bad.getKey(), bad.getValue());
            assertThat(problem(post("/api/v1/executors", Tokens.regionAdmin(), invalid), 422).getList("errors.field"))
                    .as(bad.getKey()).containsExactly(bad.getKey());
        }
        Map<String, Object> unknownGroup = executor("voronezh", "Проверка " + RUN, "DEPARTMENT");
        unknownGroup.put("deadlines", Map.of("weather", 10));
        problem(post("/api/v1/executors", Tokens.regionAdmin(), unknownGroup), 422);
        Map<String, Object> longName = executor("voronezh", "Д".repeat(201), "DEPARTMENT");
        problem(post("/api/v1/executors", Tokens.regionAdmin(), longName), 422);
        // a district of Voronezh does not exist in Novovoronezh
        Map<String, Object> wrongDistrict = executor("novovoronezh", "Проверка " + RUN, "DEPARTMENT");
        wrongDistrict.put("districts", List.of("leninsky"));
        problem(post("/api/v1/executors", Tokens.regionAdmin(), wrongDistrict), 422);

        // a Voronezh official sees Voronezh's executors only; Novovoronezh's answer 404 by id
        String voronezhOfficial = Tokens.cityOfficial("voronezh");
        List<String> seen = given().auth().oauth2(voronezhOfficial).get("/api/v1/executors").then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertThat(seen).contains(id).doesNotContain(novo);
        assertThat(given().auth().oauth2(voronezhOfficial).get("/api/v1/executors?municipality=novovoronezh").then()
                .statusCode(200).extract().jsonPath().getList("id")).isEmpty();
        problem(given().auth().oauth2(voronezhOfficial).get("/api/v1/executors/" + novo), 404);
        given().auth().oauth2(voronezhOfficial).get("/api/v1/executors/" + id).then().statusCode(200);
        List<String> all = given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/executors?kind=MUNICIPAL_ENTERPRISE")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(all).contains(id).doesNotContain(novo, roads);
        problem(given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/executors?kind=GUILD"), 422);
        problem(given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/executors?municipality=kursk"), 422);
        problem(given().auth().oauth2(Tokens.ingestClient()).get("/api/v1/executors"), 403);

        // update: name, deadlines; not into another's name, not to another municipality
        body.put("name", "МБУ «Горсвет» " + RUN);
        body.put("deadlines", Map.of("improvement", 24));
        JsonPath updated = put("/api/v1/executors/" + id, Tokens.regionAdmin(), body).then().statusCode(200).extract().jsonPath();
        assertThat(updated.getString("name")).isEqualTo("МБУ «Горсвет» " + RUN);
        assertThat(updated.getMap("deadlines")).containsOnlyKeys("improvement");
        body.put("name", "Водоканал " + RUN);
        problem(put("/api/v1/executors/" + id, Tokens.regionAdmin(), body), 409);
        body.put("name", "МБУ «Горсвет» " + RUN);
        body.put("municipality", "novovoronezh");
        problem(put("/api/v1/executors/" + id, Tokens.regionAdmin(), body), 422);
        body.put("municipality", "voronezh");
        problem(put("/api/v1/executors/" + UUID.randomUUID(), Tokens.regionAdmin(), body), 404);
        problem(put("/api/v1/executors/" + id, Tokens.regionAnalyst(), body), 403);
    }

    @Test
    void rulesAreCheckedAndReadInScope() {
        String novo = created(executor("novovoronezh", "МКП «Нововоронежское благоустройство» " + RUN, "MUNICIPAL_ENTERPRISE"));
        // the executor must belong to the rule's municipality
        assertThat(problem(rule(Map.of("municipality", "voronezh", "executorId", novo, "group", "roads")), 422)
                .getList("errors.field")).containsExactly("executorId");
        problem(rule(Map.of("municipality", "voronezh", "executorId", UUID.randomUUID().toString())), 422);
        problem(rule(Map.of("municipality", "voronezh", "executorId", roads, "topic", "roads/unicorns")), 422);
        problem(rule(Map.of("municipality", "voronezh", "executorId", roads, "group", "roads", "topic", "waste/container-sites")), 422);
        problem(rule(Map.of("municipality", "voronezh", "executorId", roads, "group", "weather")), 422);
        problem(rule(Map.of("municipality", "novovoronezh", "executorId", novo, "district", "leninsky")), 422);
        problem(rule(Map.of("municipality", "voronezh", "executorId", roads, "addressFragment", "ул")), 422);
        problem(rule(Map.of("municipality", "voronezh", "executorId", roads, "priority", 100_000)), 422);
        problem(rule(Map.of("municipality", "voronezh", "executorId", reception, "default", true, "group", "roads")), 422);
        // one active default per municipality
        problem(rule(Map.of("municipality", "voronezh", "executorId", reception, "default", true)), 409);
        // only region admins write
        Map<String, Object> valid = Map.of("municipality", "novovoronezh", "executorId", novo, "group", "improvement");
        problem(given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON).body(valid).post("/api/v1/routing/rules"), 403);
        problem(given().auth().oauth2(Tokens.cityOfficial("novovoronezh")).contentType(ContentType.JSON).body(valid)
                .post("/api/v1/routing/rules"), 403);
        JsonPath made = rule(valid).then().statusCode(201).extract().jsonPath();
        String novoRule = made.getString("rule.id");
        assertThat(made.getString("rule.group")).isEqualTo("improvement");
        problem(given().auth().oauth2(Tokens.cityOfficial("novovoronezh")).delete("/api/v1/routing/rules/" + novoRule), 403);
        problem(given().auth().oauth2(Tokens.regionAdmin()).delete("/api/v1/routing/rules/" + UUID.randomUUID()), 404);

        // an official reads its own municipality's rules only; a topic given alone names its group too
        List<String> voronezhRules = given().auth().oauth2(Tokens.cityOfficial("voronezh")).get("/api/v1/routing/rules")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(voronezhRules).contains(roadsRule, defaultRule).doesNotContain(novoRule);
        problem(given().auth().oauth2(Tokens.cityOfficial("voronezh")).get("/api/v1/routing/rules/" + novoRule), 404);
        given().auth().oauth2(Tokens.cityOfficial("novovoronezh")).get("/api/v1/routing/rules/" + novoRule).then().statusCode(200);
        JsonPath listed = given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/routing/rules?municipality=voronezh")
                .then().statusCode(200).extract().jsonPath();
        assertThat(listed.getString("find { it.topic == 'housing-utilities/cold-water' }.group")).isEqualTo("housing-utilities");
        // listed in the order they are tried: the topic rule first, the default last
        assertThat(listed.getList("default", Boolean.class).get(listed.getList("id").size() - 1)).isTrue();
        assertThat(listed.getString("[0].topic")).isNotNull();
        problem(given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/routing/rules?retired=maybe"), 422);
        given().auth().oauth2(Tokens.regionAdmin()).delete("/api/v1/routing/rules/" + novoRule).then().statusCode(200);
    }

    private static Map<String, Object> executor(String municipality, String name, String kind) {
        Map<String, Object> body = new HashMap<>();
        body.put("municipality", municipality);
        body.put("name", name);
        body.put("kind", kind);
        return body;
    }

    private static String created(Map<String, Object> executor) {
        return post("/api/v1/executors", Tokens.regionAdmin(), executor).then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static Response rule(Map<String, ?> body) {
        return post("/api/v1/routing/rules", Tokens.regionAdmin(), body);
    }

    private static Response post(String path, String token, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path);
    }

    private static Response put(String path, String token, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put(path);
    }

    private static JsonPath message(String token, UUID id) {
        return given().auth().oauth2(token).get("/api/v1/messages/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath incident(String key) {
        return given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/incidents/" + key).then().statusCode(200)
                .extract().jsonPath();
    }

    /** The answer's status, as problem+json; its body. */
    private static JsonPath problem(Response r, int status) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        return r.jsonPath();
    }
}
