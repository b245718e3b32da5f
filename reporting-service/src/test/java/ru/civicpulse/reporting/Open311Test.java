package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.UrgencyLevel;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestDatabase;
import ru.civicpulse.testsupport.Tokens;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The Open311 GeoReport v2 read API over incidents: its documents' fields, filters and scoping. */
@QuarkusTest
class Open311Test {
    /** Every field GeoReport v2 defines for a service and for a service request. */
    private static final Set<String> SERVICE_FIELDS = Set.of("service_code", "service_name", "description", "metadata",
            "type", "keywords", "group");
    private static final Set<String> REQUEST_FIELDS = Set.of("service_request_id", "status", "status_notes", "service_name",
            "service_code", "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
            "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");
    private static final String PERIOD = "start_date=2023-05-01T00:00:00%2B03:00&end_date=2023-06-01T00:00:00%2B03:00";
    private static final String ROADS_BODY = "Управление дорожного хозяйства (Open311)";
    private static boolean loaded;

    @BeforeEach
    void load() throws SQLException {
        if (loaded) {
            return;
        }
        List<MessageClassified> data = new ArrayList<>();
        // Voronezh: a pothole incident (two messages, the emergency one is the most telling) and a waste one
        data.add(Events.message().municipality("voronezh").district("leninsky").group("roads").topic("roads/potholes")
                .incident("o311-pothole").text("Яма на Ленинском проспекте").at("2023-05-10T07:00:00Z").build());
        data.add(Events.message().municipality("voronezh").district("leninsky").group("roads").topic("roads/potholes")
                .incident("o311-pothole").urgency(UrgencyLevel.EMERGENCY).text("В яму провалилась машина")
                .at("2023-05-11T07:00:00Z").build());
        data.add(Events.message().municipality("voronezh").district("sovetsky").group("waste")
                .incident("o311-waste").text("Не вывозят мусор").at("2023-05-20T07:00:00Z").build());
        // Novovoronezh: one incident
        data.add(Events.message().municipality("novovoronezh").group("roads").incident("o311-novo")
                .text("Нет разметки у школы").at("2023-05-15T07:00:00Z").build());
        // before the period
        data.add(Events.message().municipality("voronezh").group("roads").incident("o311-april")
                .text("Старая яма").at("2023-04-10T07:00:00Z").build());
        Broker.publish(data);
        Broker.awaitConsumed();
        IncidentWorkflowTest.transition(Tokens.regionAnalyst(), "o311-waste", Map.of("to", "REJECTED", "comment", "Вывезено, дубль"))
                .then().statusCode(201);
        // the pothole incident is routed to a body of the directory, whatever rules other test classes left
        // active; the rule is retired at once, so it routes nothing of theirs
        UUID roadsBody = UUID.randomUUID();
        TestDatabase.execute("insert into executors (id, municipality, name, kind, created_at, updated_at)"
                + " values (?, 'voronezh', ?, 'DEPARTMENT', now(), now())", roadsBody, ROADS_BODY);
        TestDatabase.execute("insert into routing_rules (id, municipality, executor_id, grp, created_by, created_at, retired_at)"
                + " values (?, 'voronezh', ?, 'roads', 'test', now(), now())", roadsBody, roadsBody);
        TestDatabase.execute("insert into incident_routes (incident_key, municipality, executor_id, rule_id, routed_at)"
                + " values ('o311-pothole', 'voronezh', ?, ?, now()) on conflict (incident_key)"
                + " do update set executor_id = excluded.executor_id, rule_id = excluded.rule_id", roadsBody, roadsBody);
        loaded = true;
    }

    @Test
    void servicesAreTheTaxonomyGroups() {
        JsonPath services = get(Tokens.cityOfficial("voronezh"), "/open311/v2/services.json").jsonPath();
        List<Map<String, Object>> all = services.getList("");
        assertThat(all).hasSize(Taxonomy.groups().size());
        for (Map<String, Object> s : all) {
            assertThat(s.keySet()).isEqualTo(SERVICE_FIELDS);
            assertThat(s).containsEntry("metadata", false).containsEntry("type", "realtime");
        }
        Map<String, Object> roads = services.getMap("find { it.service_code == 'roads' }");
        assertThat(roads).containsEntry("service_name", "Дороги");
        assertThat((String) roads.get("keywords")).contains("Ямы и состояние дорожного покрытия");
    }

    @Test
    void requestsAreIncidentsWithTheirWorkflowStatus() {
        Response r = get(Tokens.regionAnalyst(), "/open311/v2/requests.json?" + PERIOD);
        assertThat(r.contentType()).startsWith("application/json");
        List<Map<String, Object>> requests = r.jsonPath().getList("");
        assertThat(requests).extracting(m -> m.get("service_request_id"))
                .containsExactly("o311-waste", "o311-novo", "o311-pothole");
        for (Map<String, Object> m : requests) {
            assertThat(REQUEST_FIELDS).containsAll(m.keySet());
            assertThat(m.keySet()).contains("service_request_id", "status", "service_name", "service_code", "description",
                    "requested_datetime", "updated_datetime", "address").doesNotContain("lat", "long");
        }
        Map<String, Object> pothole = requests.get(2);
        assertThat(pothole).containsEntry("status", "open").containsEntry("service_code", "roads")
                .containsEntry("service_name", "Дороги").containsEntry("description", "В яму провалилась машина")
                .containsEntry("requested_datetime", "2023-05-10T07:00:00Z")
                .containsEntry("updated_datetime", "2023-05-11T07:00:00Z")
                .containsEntry("address", "Воронеж, Ленинский район")
                .containsEntry("agency_responsible", ROADS_BODY)
                .doesNotContainKey("status_notes");
        Map<String, Object> waste = requests.get(0);
        assertThat(waste).containsEntry("status", "closed").containsEntry("status_notes", "Вывезено, дубль");
        assertThat((String) waste.get("updated_datetime")).isGreaterThan("2023-05-20T07:00:00Z");

        assertThat(get(Tokens.regionAnalyst(), "/open311/v2/requests/o311-pothole.json").jsonPath().getList(""))
                .containsExactly(pothole);
    }

    @Test
    void filtersFollowTheSpecification() {
        assertThat(ids("/open311/v2/requests.json?service_code=roads&" + PERIOD)).containsExactly("o311-novo", "o311-pothole");
        assertThat(ids("/open311/v2/requests.json?status=closed&" + PERIOD)).containsExactly("o311-waste");
        assertThat(ids("/open311/v2/requests.json?status=open&" + PERIOD)).containsExactly("o311-novo", "o311-pothole");
        assertThat(ids("/open311/v2/requests.json?status=open,closed&" + PERIOD)).hasSize(3);
        assertThat(ids("/open311/v2/requests.json?start_date=2023-05-12&end_date=2023-05-18")).containsExactly("o311-novo");
        // only start_date: the 90 days after it
        assertThat(ids("/open311/v2/requests.json?start_date=2023-04-01")).contains("o311-april", "o311-pothole");

        for (String bad : List.of("service_code=nope", "status=pending", "start_date=yesterday",
                "start_date=2023-01-01&end_date=2023-06-01", "start_date=2023-05-02&end_date=2023-05-01",
                "end_date=1999-01-01")) {
            Response r = given().auth().oauth2(Tokens.regionAnalyst()).get("/open311/v2/requests.json?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
        }
    }

    @Test
    void scopedLikeTheRestOfTheApi() {
        assertThat(ids(Tokens.cityOfficial("voronezh"), "/open311/v2/requests.json?" + PERIOD))
                .containsExactly("o311-waste", "o311-pothole");
        assertThat(ids(Tokens.cityOfficial("novovoronezh"), "/open311/v2/requests.json?" + PERIOD)).containsExactly("o311-novo");
        assertThat(ids(Tokens.cityOfficial(), "/open311/v2/requests.json?" + PERIOD)).isEmpty();
        given().auth().oauth2(Tokens.cityOfficial("voronezh")).get("/open311/v2/requests/o311-novo.json").then().statusCode(404);
        given().auth().oauth2(Tokens.regionAnalyst()).get("/open311/v2/requests/o311-unknown.json").then().statusCode(404);
        assertThat(ids(Tokens.cityOfficial("novovoronezh"), "/open311/v2/requests/o311-novo.json")).containsExactly("o311-novo");
        for (String path : List.of("/open311/v2/services.json", "/open311/v2/requests.json", "/open311/v2/requests/o311-novo.json")) {
            given().get(path).then().statusCode(401);
            given().auth().oauth2(Tokens.ingestClient()).get(path).then().statusCode(403);
        }
    }

    private static List<String> ids(String path) {
        return ids(Tokens.regionAnalyst(), path);
    }

    private static List<String> ids(String token, String path) {
        return get(token, path).jsonPath().getList("service_request_id", String.class);
    }

    private static Response get(String token, String path) {
        Response r = given().auth().oauth2(token).urlEncodingEnabled(false).get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }
}
