package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.UrgencyLevel;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what, and that a city official never sees another municipality's data. */
@QuarkusTest
class AccessTest {
    private static final String PERIOD = "from=2024-09-01&to=2024-10-01";
    private static MessageClassified message;
    private static boolean loaded;

    private record Call(String name, Function<RequestSpecification, io.restassured.response.Response> send) {
    }

    private static final List<Call> READS = List.of(
            new Call("topics", r -> r.get("/api/v1/analytics/topics?" + PERIOD)),
            new Call("timeseries", r -> r.get("/api/v1/analytics/timeseries?" + PERIOD)),
            new Call("alerts", r -> r.get("/api/v1/analytics/alerts?" + PERIOD)),
            new Call("responses", r -> r.get("/api/v1/analytics/responses?" + PERIOD)),
            new Call("comparison", r -> r.get("/api/v1/analytics/comparison?sources=civicpulse,scoping&" + PERIOD)),
            new Call("methodology", r -> r.get("/api/v1/analytics/methodology?" + PERIOD)),
            new Call("executors", r -> r.get("/api/v1/analytics/executors?" + PERIOD)),
            new Call("incidents", r -> r.get("/api/v1/incidents?" + PERIOD)),
            new Call("messages", r -> r.get("/api/v1/messages?" + PERIOD)),
            new Call("external-stats", r -> r.get("/api/v1/external-stats")),
            new Call("open311-services", r -> r.get("/open311/v2/services.json")),
            new Call("open311-requests", r -> r.get("/open311/v2/requests.json?start_date=2024-09-01&end_date=2024-10-01")),
            new Call("executors", r -> r.get("/api/v1/executors")),
            new Call("routing-rules", r -> r.get("/api/v1/routing/rules")),
            new Call("taxonomy", r -> r.get("/api/v1/workspace/taxonomy")));

    private static final List<Call> WRITES = List.of(
            new Call("upload", r -> r.contentType("text/csv")
                    .body("periodStart,periodEnd,municipality,group,count\n2024-09-01,2024-09-30,novovoronezh,waste,7\n")
                    .put("/api/v1/external-stats/scoping")),
            new Call("correction", r -> r.contentType(ContentType.JSON).body("{\"group\":\"roads\"}")
                    .post("/api/v1/messages/" + message.messageId() + "/correction")));

    /** Region admins only; none of them is made to start anything here (a rebuild would empty the read model). */
    private static final List<Call> ADMIN_ONLY = List.of(
            new Call("rebuild", r -> r.post("/api/v1/read-model/rebuilds")),
            new Call("rebuild-job", r -> r.get("/api/v1/read-model/rebuilds/" + UUID.randomUUID())));

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        // Everything of September 2024 lives in Novovoronezh.
        List<MessageClassified> data = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            data.add(Events.message().municipality("novovoronezh").group("waste").incident("scope-inc")
                    .urgency(i == 0 ? UrgencyLevel.EMERGENCY : UrgencyLevel.NONE)
                    .at(AnalyticsTest.moscow(2024, 9, i < 6 ? 10 : 30, 8 + i)).build());
        }
        message = data.get(0);
        Broker.publish(data);
        Broker.awaitConsumed();
        given().auth().oauth2(Tokens.regionAdmin()).contentType("text/csv")
                .body("periodStart,periodEnd,municipality,group,count\n2024-09-01,2024-09-30,novovoronezh,waste,7\n")
                .put("/api/v1/external-stats/scoping").then().statusCode(200);
        loaded = true;
    }

    @Test
    void anOfficialOfOneMunicipalityGetsNothingOfAnother() {
        for (String token : List.of(Tokens.cityOfficial("voronezh"), Tokens.cityOfficial())) {
            for (String municipality : new String[]{"", "&municipality=novovoronezh"}) {
                assertThat(read(token, "/api/v1/analytics/topics?" + PERIOD + municipality).getLong("total")).isZero();
                assertThat(read(token, "/api/v1/analytics/timeseries?" + PERIOD + municipality).getList("series")).isEmpty();
                JsonPath alerts = read(token, "/api/v1/analytics/alerts?" + PERIOD + municipality);
                assertThat(alerts.getList("spikes")).isEmpty();
                assertThat(alerts.getList("emergencies")).isEmpty();
                assertThat(read(token, "/api/v1/analytics/responses?" + PERIOD + municipality).getLong("overall.messages")).isZero();
                assertThat(read(token, "/api/v1/analytics/comparison?sources=scoping&" + PERIOD + municipality)
                        .getList("totals", Long.class)).containsExactly(0L, 0L);
                assertThat(read(token, "/api/v1/analytics/methodology?" + PERIOD + municipality).getLong("messages")).isZero();
                assertThat(read(token, "/api/v1/analytics/executors?" + PERIOD + municipality)
                        .getList("executors.findAll { it.id == null || it.messages > 0 }")).isEmpty();
                assertThat(read(token, "/api/v1/incidents?" + PERIOD + municipality).getList("incidents")).isEmpty();
                assertThat(read(token, "/api/v1/messages?" + PERIOD + municipality).getLong("total")).isZero();
                assertThat(read(token, "/open311/v2/requests.json?start_date=2024-09-01&end_date=2024-10-01").getList(""))
                        .isEmpty();
            }
        }
        // the same calls by Novovoronezh's own official do see the data
        String own = Tokens.cityOfficial("novovoronezh");
        assertThat(read(own, "/api/v1/analytics/topics?" + PERIOD).getLong("total")).isEqualTo(12);
        assertThat(read(own, "/api/v1/analytics/timeseries?" + PERIOD).getList("series")).hasSize(1);
        JsonPath alerts = read(own, "/api/v1/analytics/alerts?" + PERIOD);
        assertThat(alerts.getList("spikes")).hasSize(1);
        assertThat(alerts.getList("emergencies")).hasSize(1);
        assertThat(read(own, "/api/v1/analytics/responses?" + PERIOD).getLong("overall.messages")).isEqualTo(12);
        assertThat(read(own, "/api/v1/analytics/comparison?sources=scoping&" + PERIOD).getList("totals", Long.class))
                .containsExactly(12L, 7L);
        assertThat(read(own, "/api/v1/analytics/methodology?" + PERIOD).getLong("messages")).isEqualTo(12);
        assertThat(read(own, "/api/v1/analytics/executors?" + PERIOD).getLong("executors.find { it.id == null }.messages")).isEqualTo(12);
        assertThat(read(own, "/api/v1/incidents?" + PERIOD).getList("incidents.incidentKey")).containsExactly("scope-inc");
        assertThat(read(own, "/api/v1/messages?" + PERIOD).getLong("total")).isEqualTo(12);
        assertThat(read(own, "/open311/v2/requests.json?start_date=2024-09-01&end_date=2024-10-01")
                .getList("service_request_id")).containsExactly("scope-inc");
    }

    @Test
    void authMatrix() {
        List<Call> all = new ArrayList<>(READS);
        all.addAll(WRITES);
        for (Call call : all) {
            assertThat(call.send().apply(given()).statusCode()).as("%s without a token", call.name()).isEqualTo(401);
            for (Tokens.Bad bad : Tokens.Bad.values()) {
                assertThat(call.send().apply(given().auth().oauth2(Tokens.bad(bad))).statusCode())
                        .as("%s with a %s token", call.name(), bad).isEqualTo(401);
            }
            assertThat(call.send().apply(given().auth().oauth2(Tokens.ingestClient())).statusCode())
                    .as("%s as ingest-client", call.name()).isEqualTo(403);
            assertThat(call.send().apply(given().auth().oauth2(Tokens.regionAnalyst())).statusCode())
                    .as("%s as region-analyst", call.name()).isBetween(200, 202);
        }
        for (Call read : READS) {
            assertThat(read.send().apply(given().auth().oauth2(Tokens.cityOfficial("voronezh"))).statusCode())
                    .as("%s as city-official", read.name()).isEqualTo(200);
            assertThat(read.send().apply(given().auth().oauth2(Tokens.regionAdmin())).statusCode())
                    .as("%s as region-admin", read.name()).isEqualTo(200);
        }
        for (Call write : WRITES) {
            assertThat(write.send().apply(given().auth().oauth2(Tokens.cityOfficial("novovoronezh"))).statusCode())
                    .as("%s as city-official", write.name()).isEqualTo(403);
        }
        assertThat(WRITES.get(1).send().apply(given().auth().oauth2(Tokens.regionAdmin())).statusCode())
                .as("correction as region-admin").isEqualTo(403);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void adminOnlyMatrix() {
        for (Call call : ADMIN_ONLY) {
            assertThat(call.send().apply(given()).statusCode()).as("%s without a token", call.name()).isEqualTo(401);
            for (Tokens.Bad bad : Tokens.Bad.values()) {
                assertThat(call.send().apply(given().auth().oauth2(Tokens.bad(bad))).statusCode())
                        .as("%s with a %s token", call.name(), bad).isEqualTo(401);
            }
            for (String token : List.of(Tokens.ingestClient(), Tokens.regionAnalyst(), Tokens.cityOfficial("novovoronezh"),
                    Tokens.token(TestIssuer.CITY, "city-intruder", Set.of(Roles.REGION_ADMIN), List.of("novovoronezh")))) {
                assertThat(call.send().apply(given().auth().oauth2(token)).statusCode()).as("%s as a non-admin", call.name())
                        .isEqualTo(403);
            }
        }
        // a region admin gets through to the resource: an unknown rebuild is not found
        assertThat(ADMIN_ONLY.get(1).send().apply(given().auth().oauth2(Tokens.regionAdmin())).statusCode())
                .as("rebuild-job as region-admin").isEqualTo(404);
    }

    /**
     * Roles count only from the identity provider they belong to: a city realm token carrying
     * region roles, or a region realm token carrying city-official, gets no data.
     */
    @Test
    void rolesCountOnlyFromTheirOwnIssuer() {
        String cityWithRegionRoles = Tokens.token(TestIssuer.CITY, "city-intruder",
                Set.of(Roles.REGION_ANALYST, Roles.REGION_ADMIN), List.of("novovoronezh"));
        String regionWithCityRole = Tokens.token(TestIssuer.REGION, "region-intruder",
                Set.of(Roles.CITY_OFFICIAL), List.of("novovoronezh"));
        List<Call> all = new ArrayList<>(READS);
        all.addAll(WRITES);
        for (Call call : all) {
            assertThat(call.send().apply(given().auth().oauth2(cityWithRegionRoles)).statusCode())
                    .as("%s with a city token carrying region roles", call.name()).isEqualTo(403);
            assertThat(call.send().apply(given().auth().oauth2(regionWithCityRole)).statusCode())
                    .as("%s with a region token carrying city-official", call.name()).isEqualTo(403);
        }
        assertThat(given().auth().oauth2(cityWithRegionRoles).contentType(ContentType.JSON)
                .body("{\"from\":\"2024-09-01\",\"to\":\"2024-10-01\",\"municipality\":\"novovoronezh\"}")
                .post("/api/v1/reports").statusCode()).as("report order with a city token carrying region roles").isEqualTo(403);
    }

    private static JsonPath read(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract().jsonPath();
    }
}
