package ru.civicpulse.reporting.report;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard is served as plain files and loads nothing from other hosts. */
@QuarkusTest
class DashboardPageTest {
    /** A reference that makes a browser fetch from elsewhere (the SVG namespace URI is not fetched). */
    private static final Pattern EXTERNAL = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//|fetch\\(\\s*[\"']https?:|@import");

    @Test
    void pageAndAssetsAreServedWithoutExternalReferences() {
        String page = given().get("/dashboard/").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .extract().asString();
        assertThat(page).contains("<title>CivicPulse — обращения жителей</title>", "dashboard-view.js", "dashboard.js", "dashboard.css");
        assertThat(EXTERNAL.matcher(page).find()).as("external reference in the page").isFalse();
        for (String asset : new String[]{"dashboard.js", "dashboard-view.js", "dashboard.css"}) {
            String body = given().get("/dashboard/" + asset).then().statusCode(200).extract().asString();
            assertThat(EXTERNAL.matcher(body).find()).as("external reference in %s", asset).isFalse();
        }
    }

    @Test
    void theApisThePageCallsStillNeedAToken() {
        given().get("/api/v1/reports").then().statusCode(401);
        given().get("/api/v1/analytics/topics?from=2025-03-10&to=2025-03-17").then().statusCode(401);
    }
}
