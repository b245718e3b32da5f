package ru.civicpulse.reporting.report;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The workspace is served as plain files, loads nothing from other hosts, and every file a page names exists. */
@QuarkusTest
class DashboardPageTest {
    /** A reference that makes a browser fetch from elsewhere (the SVG namespace URI is not fetched). */
    private static final Pattern EXTERNAL = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//|fetch\\(\\s*[\"']https?:|@import");
    private static final Pattern LOCAL_REFERENCE = Pattern.compile("<(?:script|link)[^>]*\\b(?:src|href)=\"([^\"]+)\"");
    private static final List<String> PAGES = List.of("index.html", "messages.html", "message.html");

    @Test
    void pagesAndAssetsAreServedWithoutExternalReferences() {
        String overview = given().get("/dashboard/").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .extract().asString();
        assertThat(overview).contains("<title>CivicPulse — обращения жителей</title>", "workspace.js", "overview.js", "workspace.css");
        for (String page : PAGES) {
            String html = given().get("/dashboard/" + page).then().statusCode(200).extract().asString();
            assertThat(EXTERNAL.matcher(html).find()).as("external reference in %s", page).isFalse();
            // the shared shell's places, then the page's own script last
            assertThat(html).contains("<header id=\"header\"></header>", "<p id=\"status\" role=\"status\">", "<main>");
            List<String> assets = references(html);
            assertThat(assets).as(page).contains("workspace.css", "workspace.js");
            assertThat(assets.indexOf("workspace.js")).as(page).isLessThan(assets.size() - 1);
            for (String asset : assets) {
                String path = asset.startsWith("/") ? asset : "/dashboard/" + asset;
                String body = given().get(path).then().statusCode(200).extract().asString();
                assertThat(EXTERNAL.matcher(body).find()).as("external reference in %s", asset).isFalse();
            }
        }
    }

    @Test
    void echartsIsServedFromTheWebjar() {
        given().get("/webjars/echarts/5.3.1/dist/echarts.min.js").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("javascript"));
    }

    @Test
    void theMapHasAnAreaForEveryDistrictAndMunicipalityWithoutDistricts() {
        JsonPath geo = given().get("/dashboard/map/districts.geo.json").then().statusCode(200).extract().jsonPath();
        assertThat(geo.getString("description")).contains("Simplified");
        List<String> expected = new ArrayList<>();
        for (Municipality m : Municipalities.all()) {
            if (m.districts().isEmpty()) {
                expected.add(m.code() + "/");
            }
            m.districts().forEach(d -> expected.add(m.code() + "/" + d.code()));
        }
        List<String> areas = new ArrayList<>();
        List<String> kinds = geo.getList("features.properties.kind", String.class);
        List<String> municipalities = geo.getList("features.properties.municipality", String.class);
        List<String> districts = geo.getList("features.properties.district", String.class);
        for (int i = 0; i < kinds.size(); i++) {
            if (!"water".equals(kinds.get(i))) {
                areas.add(municipalities.get(i) + "/" + (districts.get(i) == null ? "" : districts.get(i)));
            }
        }
        assertThat(areas).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theApisThePageCallsStillNeedAToken() {
        given().get("/api/v1/reports").then().statusCode(401);
        given().get("/api/v1/analytics/topics?from=2025-03-10&to=2025-03-17").then().statusCode(401);
        given().get("/api/v1/workspace/taxonomy").then().statusCode(401);
    }

    private static List<String> references(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = LOCAL_REFERENCE.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
