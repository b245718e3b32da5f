package ru.civicpulse.reporting.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace's incidents, executors, comparison, reports and models pages: served with the
 * dashboard's Content-Security-Policy, which they can live with (no inline script, style or event
 * handler), built on the shared shell, and loading nothing from other hosts.
 */
@QuarkusTest
class WorkspaceOpsPagesTest {
    private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);

    @ParameterizedTest
    @ValueSource(strings = {"incidents", "incident", "executors", "compare", "reports", "models"})
    void pageUsesTheShellAndOnlyItsOwnFiles(String name) {
        String page = given().get("/dashboard/" + name + ".html").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"))
                .extract().asString();
        assertThat(page).contains("<html lang=\"ru\">", "<header id=\"header\"></header>", "<p id=\"status\" role=\"status\">", "<main>");
        Matcher scripts = SCRIPT.matcher(page);
        StringBuilder sources = new StringBuilder();
        while (scripts.find()) {
            assertThat(scripts.group(2)).as("inline script").isBlank();
            sources.append(scripts.group(1));
        }
        assertThat(sources.toString()).contains("src=\"workspace.js\"", "src=\"ops.js\"", "src=\"" + name + ".js\"");
        assertThat(sources.indexOf("workspace.js")).isLessThan(sources.indexOf("ops.js"));
        assertThat(page).doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContain("style=\"", "<style", "http://", "https://", "//cdn");
        given().get("/dashboard/" + name + ".js").then().statusCode(200);
    }
}
