package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input to every read endpoint answers a 400/422 problem that tells the caller what is
 * wrong without Java type names, exception texts, SQL states or file paths; never a 5xx. Analytics
 * periods are bounded. External statistics are scoped like every other answer.
 */
@QuarkusTest
class HostileInputTest {
    static final List<String> READS = List.of(
            "/api/v1/analytics/topics", "/api/v1/analytics/timeseries", "/api/v1/analytics/alerts",
            "/api/v1/analytics/responses", "/api/v1/analytics/comparison?sources=civicpulse", "/api/v1/analytics/methodology",
            "/api/v1/incidents", "/api/v1/messages");
    static final List<String> ODD_BOUNDS = List.of("0000-01-01", "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01",
            "-0001-01-01", "+10000-01-01T00:00:00Z", "1999-12-31", "2100-01-02", "2026-01-01\u0000", "2026\u0000-01-01",
            "x".repeat(300), "2026-01-01T25:00:00Z", "2026-01-01T00:00:00+19:00", "\uD800", "１２３４-01-01", "null", "[]");
    static final String VALID_FROM = "2024-09-01";
    static final String VALID_TO = "2024-10-01";

    @Test
    void oddDatesAreUnprocessableOnEveryEndpoint() {
        String token = Tokens.regionAnalyst();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        for (String path : READS) {
            for (String odd : ODD_BOUNDS) {
                for (String field : new String[]{"from", "to"}) {
                    Response r = given().auth().oauth2(token).queryParam("from", "from".equals(field) ? odd : VALID_FROM)
                            .queryParam("to", "to".equals(field) ? odd : VALID_TO).get(path);
                    assertProblem(r, path + " " + field + "=" + printable(odd));
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                }
            }
        }
        System.out.println("odd period bounds: statuses " + statuses);
    }

    @Test
    void controlCharactersWrongTypesAndUnknownCodesAreProblems() {
        String token = Tokens.regionAnalyst();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("municipality", "atlantis");
        bad.put("district", "nowhere");
        bad.put("source", "FAX");
        bad.put("group", "nonsense");
        List<String> nul = List.of("voronezh\u0000", "\u0000", "a\u0001b", "\u007f");
        for (String path : READS) {
            for (Map.Entry<String, String> e : bad.entrySet()) {
                if (path.contains("comparison") && (e.getKey().equals("district") || e.getKey().equals("source"))) {
                    continue; // comparison takes neither
                }
                Response r = period(given().auth().oauth2(token)).queryParam(e.getKey(), e.getValue()).get(path);
                assertThat(r.statusCode()).as("%s with %s=%s", path, e.getKey(), e.getValue()).isEqualTo(422);
                assertProblem(r, path + " " + e.getKey());
                for (String value : nul) {
                    Response n = period(given().auth().oauth2(token)).queryParam(e.getKey(), value).get(path);
                    assertThat(n.statusCode()).as("%s with a control character in %s", path, e.getKey()).isEqualTo(400);
                    assertProblem(n, path + " " + e.getKey());
                }
            }
        }
        String[][] wrong = {
                {"/api/v1/incidents", "limit", "abc"}, {"/api/v1/incidents", "limit", "1e3"}, {"/api/v1/incidents", "limit", "0"},
                {"/api/v1/incidents", "limit", "99999999999999999999"}, {"/api/v1/messages", "size", "-1"},
                {"/api/v1/messages", "page", "x"}, {"/api/v1/messages", "page", "100000"}, {"/api/v1/messages", "q", "яма\u0000"},
                {"/api/v1/messages", "q", "я".repeat(600)}, {"/api/v1/analytics/timeseries", "interval", "month"},
                {"/api/v1/analytics/timeseries", "interval", "\u0000"}, {"/api/v1/analytics/comparison", "sources", "cur\u0000"},
                {"/api/v1/analytics/comparison", "sources", "a,b,c,d,e,f,g,h,i,j,k"},
                {"/api/v1/reports", "limit", "ten"}, {"/api/v1/reports", "municipality", "\u0000"}};
        for (String[] w : wrong) {
            Response r = period(given().auth().oauth2(token)).queryParam(w[1], w[2]).get(w[0]);
            assertThat(r.statusCode()).as("%s with %s=%s", w[0], w[1], printable(w[2])).isIn(400, 422);
            assertProblem(r, w[0] + " " + w[1]);
        }
        // the reports: odd periods in the order, a body of the wrong shape
        for (String odd : ODD_BOUNDS) {
            Response r = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("from", odd, "to", "2024-09-08", "municipality", "voronezh")).post("/api/v1/reports");
            assertThat(r.statusCode()).as("report from %s", printable(odd)).isEqualTo(422);
            assertProblem(r, "report");
        }
        for (String body : List.of("[]", "\"x\"", "{\"from\":{},\"to\":[],\"municipality\":1}", "{\"from\":\"2024-09-01\u0000\"}", "nul\u0000")) {
            Response r = given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/reports");
            assertThat(r.statusCode()).as("report body %s", printable(body)).isIn(400, 422);
        }
        Response doc = given().auth().oauth2(token).queryParam("format", "pdf\u0000").get("/api/v1/reports/" + UUID.randomUUID() + "/document");
        assertThat(doc.statusCode()).isEqualTo(400);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void analyticsPeriodsAreBounded() {
        String token = Tokens.regionAnalyst();
        long started = System.nanoTime();
        Response all = given().auth().oauth2(token).queryParams("from", "0001-01-01", "to", "9999-12-31").get("/api/v1/analytics/topics");
        long outside = (System.nanoTime() - started) / 1_000_000;
        assertThat(all.statusCode()).isEqualTo(422);
        assertProblem(all, "topics 0001..9999");

        started = System.nanoTime();
        Response eleven = given().auth().oauth2(token).queryParams("from", "2000-01-01", "to", "2011-01-01").get("/api/v1/analytics/topics");
        long tooLong = (System.nanoTime() - started) / 1_000_000;
        assertThat(eleven.statusCode()).isEqualTo(422);
        assertThat(eleven.jsonPath().getList("errors.field", String.class)).containsExactly("to");

        for (String path : READS) {
            Response r = given().auth().oauth2(token).queryParams("from", "2010-01-01", "to", "2099-01-01").get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(path.contains("messages") ? 200 : 422);
        }
        started = System.nanoTime();
        given().auth().oauth2(token).queryParams("from", "2015-01-01", "to", "2025-01-01").get("/api/v1/analytics/topics")
                .then().statusCode(200);
        long tenYears = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("topics 0001..9999: 422 in %d ms; 11 years: 422 in %d ms; 10 years: 200 in %d ms%n", outside, tooLong, tenYears);
    }

    @Test
    void externalStatisticsAreScopedToTheCallersMunicipalities() {
        given().auth().oauth2(Tokens.regionAdmin()).contentType("text/csv")
                .body("periodStart,periodEnd,municipality,group,count\n"
                        + "2023-03-01,2023-03-31,voronezh,roads,500\n"
                        + "2023-03-01,2023-03-31,voronezh,waste,70\n"
                        + "2023-04-01,2023-04-30,novovoronezh,roads,9\n")
                .put("/api/v1/external-stats/two-towns").then().statusCode(200);
        given().auth().oauth2(Tokens.regionAdmin()).contentType("text/csv")
                .body("periodStart,periodEnd,municipality,group,count\n2023-03-01,2023-03-31,voronezh,roads,1\n")
                .put("/api/v1/external-stats/voronezh-only").then().statusCode(200);

        Map<String, Map<String, Object>> region = sources(Tokens.regionAnalyst());
        assertThat(region.get("two-towns")).containsEntry("rows", 3).containsEntry("total", 579);

        Map<String, Map<String, Object>> novovoronezh = sources(Tokens.cityOfficial("novovoronezh"));
        assertThat(novovoronezh.get("two-towns")).containsEntry("rows", 1).containsEntry("total", 9)
                .containsEntry("from", "2023-04-01").containsEntry("to", "2023-04-30");
        assertThat(novovoronezh).doesNotContainKey("voronezh-only");

        Map<String, Map<String, Object>> voronezh = sources(Tokens.cityOfficial("voronezh"));
        assertThat(voronezh.get("two-towns")).containsEntry("rows", 2).containsEntry("total", 570);
        assertThat(sources(Tokens.cityOfficial())).isEmpty();

        // and a city official cannot write any
        given().auth().oauth2(Tokens.cityOfficial("novovoronezh")).contentType("text/csv")
                .body("periodStart,periodEnd,municipality,group,count\n2023-04-01,2023-04-30,novovoronezh,roads,1000\n")
                .put("/api/v1/external-stats/two-towns").then().statusCode(403).contentType("application/problem+json");
        assertThat(sources(Tokens.cityOfficial("novovoronezh")).get("two-towns")).containsEntry("total", 9);
    }

    private static Map<String, Map<String, Object>> sources(String token) {
        List<Map<String, Object>> list = given().auth().oauth2(token).get("/api/v1/external-stats").then().statusCode(200)
                .extract().jsonPath().getList("$");
        Map<String, Map<String, Object>> bySource = new LinkedHashMap<>();
        list.forEach(s -> bySource.put((String) s.get("source"), s));
        return bySource;
    }

    private static io.restassured.specification.RequestSpecification period(io.restassured.specification.RequestSpecification r) {
        return r.queryParam("from", VALID_FROM).queryParam("to", VALID_TO);
    }

    /** A 400/422 problem whose text carries nothing of the implementation. */
    static void assertProblem(Response r, String what) {
        assertThat(r.statusCode()).as(what).isBetween(400, 499);
        assertThat(r.contentType()).as(what).startsWith("application/problem+json");
        String body = r.asString();
        for (String leak : List.of("java.", "javax.", "jakarta.", "Exception", "org.", "io.quarkus", "SQL", "/work/", ".java",
                "\tat ", "ru.civicpulse")) {
            assertThat(body).as("%s: the answer leaks %s: %s", what, leak, body).doesNotContain(leak);
        }
    }

    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(40).forEach(cp -> out.append(cp < 0x20 || cp == 0x7f || (cp >= 0xD800 && cp <= 0xDFFF)
                ? String.format("\\u%04x", cp) : new String(Character.toChars(cp))));
        return out.toString();
    }
}
