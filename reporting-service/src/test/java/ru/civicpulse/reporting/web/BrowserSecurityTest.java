package ru.civicpulse.reporting.web;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a browser is told and what it may do: security headers on the dashboard, the HTML report
 * and the API; cross-site state changes under a cookie session refused; reports queued per user
 * limited.
 */
@QuarkusTest
class BrowserSecurityTest {
    static final String EVIL = "https://evil.example";
    /** An order for a week nobody else's test uses, with no messages: quick to generate. */
    static final String ORDER = "{\"from\":\"2019-01-07\",\"to\":\"2019-01-14\",\"municipality\":\"voronezh\"}";
    private static final Pattern INLINE = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|<style|\\son[a-z]+\\s*=|\\sstyle\\s*=|javascript:",
            Pattern.CASE_INSENSITIVE);

    @Test
    void dashboardPagesCarryAStrictPolicyAndHaveNothingInline() {
        for (String path : List.of("/dashboard/", "/dashboard/index.html", "/dashboard/messages.html", "/dashboard/message.html",
                "/dashboard/workspace.js", "/dashboard/overview.js", "/dashboard/map.js", "/dashboard/messages.js",
                "/dashboard/message.js", "/dashboard/labels.js", "/dashboard/workspace.css")) {
            Response r = given().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            String csp = single(r, "Content-Security-Policy");
            assertThat(csp).as(path).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                    "object-src 'none'", "base-uri 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
            assertThat(single(r, "X-Frame-Options")).isEqualTo("DENY");
            assertThat(single(r, "Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(single(r, "X-Content-Type-Options")).isEqualTo("nosniff");
            if (!path.endsWith(".css")) {
                assertThat(INLINE.matcher(r.asString()).find()).as("inline script, style or handler in %s", path).isFalse();
            }
        }
        Response api = given().get("/api/v1/reports");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(single(api, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(single(api, "Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }

    @Test
    void reportOrdersWaitingPerUserAreLimited() {
        String user = Tokens.token(TestIssuer.REGION, "queue-" + UUID.randomUUID(), Set.of("region-analyst"), List.of());
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(order(user).then().statusCode(202).extract().jsonPath().getString("id"));
        }
        Response fourth = order(user);
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isPositive();
        assertThat(fourth.jsonPath().getString("detail")).contains("3 reports waiting");
        // someone else is not held up by it
        String other = Tokens.token(TestIssuer.REGION, "queue-other-" + UUID.randomUUID(), Set.of("region-analyst"), List.of());
        ids.add(order(other).then().statusCode(202).extract().jsonPath().getString("id"));

        long started = System.nanoTime();
        for (String id : ids) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(given().auth().oauth2(user).get("/api/v1/reports/" + id).then().statusCode(200)
                            .extract().jsonPath().getString("status")).isEqualTo("DONE"));
        }
        System.out.printf("4 queued reports generated in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        // once they are done, the user may order again
        order(user).then().statusCode(202);

        // the inline HTML report: no script may run, nothing may frame it
        Response html = given().auth().oauth2(user).queryParam("format", "html").get("/api/v1/reports/" + ids.get(0) + "/document");
        assertThat(html.statusCode()).isEqualTo(200);
        String csp = single(html, "Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'", "img-src data:").doesNotContain("script-src");
        assertThat(single(html, "X-Frame-Options")).isEqualTo("DENY");
        assertThat(single(html, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(single(html, "Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(html.asString()).doesNotContain("<script");
    }

    @Test
    @TestSecurity(user = "browser-analyst", roles = "region-analyst")
    void aCookieSessionChangesNothingFromAnotherSite() {
        String self = selfOrigin();
        // cross-site, whichever way the browser says so
        List<RequestSpecification> crossSite = List.of(
                session().header("Origin", EVIL),
                session().header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL),
                session().header("Sec-Fetch-Site", "same-site"),
                session().header("Origin", "null"),
                session().header("Origin", self.replace("http://", "https://")),
                session());
        for (RequestSpecification r : crossSite) {
            Response answer = r.contentType(ContentType.JSON).body(ORDER).post("/api/v1/reports");
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(session().header("Origin", EVIL).contentType(ContentType.JSON).body("{\"group\":\"roads\"}")
                .post("/api/v1/messages/" + UUID.randomUUID() + "/correction").statusCode()).isEqualTo(403);
        assertThat(session().header("Origin", EVIL).contentType("text/csv")
                .body("periodStart,periodEnd,municipality,group,count\n2023-04-01,2023-04-30,novovoronezh,roads,1\n")
                .put("/api/v1/external-stats/forged").statusCode()).isEqualTo(403);
        assertThat(given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/external-stats").then().statusCode(200)
                .extract().jsonPath().getList("source", String.class)).doesNotContain("forged");

        // the dashboard's own page: accepted
        session().header("Origin", self).header("Sec-Fetch-Site", "same-origin").contentType(ContentType.JSON).body(ORDER)
                .post("/api/v1/reports").then().statusCode(202);
        // reading is never refused
        session().header("Origin", EVIL).get("/api/v1/reports").then().statusCode(200);
    }

    @Test
    void bearerCallsAreUnaffectedAndNoSessionMeansNoAccess() {
        given().auth().oauth2(Tokens.token(TestIssuer.REGION, "bearer-" + UUID.randomUUID(), Set.of("region-analyst"), List.of()))
                .header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").contentType(ContentType.JSON).body(ORDER)
                .post("/api/v1/reports").then().statusCode(202);
        // same-origin passes the guard and then needs a signed-in user like any request
        given().header("Origin", selfOrigin()).cookie("q_session", "stale").contentType(ContentType.JSON).body(ORDER)
                .post("/api/v1/reports").then().statusCode(401);
        given().contentType(ContentType.JSON).body(ORDER).post("/api/v1/reports").then().statusCode(401);
    }

    private static RequestSpecification session() {
        return given().cookie("q_session", "a-dashboard-session");
    }

    private static Response order(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(ORDER).post("/api/v1/reports");
    }

    private static String selfOrigin() {
        URI base = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        return base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
    }

    private static String single(Response r, String header) {
        List<String> values = r.headers().getValues(header);
        assertThat(values).as("%s on %s", header, r.statusCode()).hasSize(1);
        return values.get(0);
    }
}
