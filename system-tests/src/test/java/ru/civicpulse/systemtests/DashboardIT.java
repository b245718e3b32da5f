package ru.civicpulse.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.civicpulse.tools.DemoDataset;
import ru.civicpulse.tools.Stack;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff dashboard in headless Chromium against the real Keycloak: each organisation's user signs
 * in through the authorization code flow, sees the week's topics, trend, alerts, incidents and reports
 * of exactly the municipalities they may see, and signs out.
 */
@Order(1)
class DashboardIT {
    /** A week of its own: the other system tests send messages 9 and 12 days back. */
    static final LocalDate DAY = LocalDate.now(DemoDataset.ZONE).minusDays(30);
    static final LocalDate MONDAY = DAY.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    static final int VORONEZH = 14;
    static final int NOVOVORONEZH = 6;

    static Stack stack;
    static WebDriver browser;

    @BeforeAll
    static void stackAndData() {
        SystemStack system = SystemStack.get();
        stack = system.stack;
        StaffBrowser.feedWeek(stack, DAY, "dash", VORONEZH, NOVOVORONEZH);
        browser = Browser.start(Browser.freshProfile(system.state.resolve("browser")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aCityOfficialSignsInAndSeesOnlyTheirMunicipality() {
        browser.manage().deleteAllCookies();
        browser.get(stack.reporting + "/dashboard/");
        WebElement signIn = visible(By.id("signin"));
        assertThat(signIn.getText()).contains("Центр управления регионом", "Администрация города");
        assertThat(browser.findElement(By.id("user")).isDisplayed()).isFalse();

        signInAs("city", "official");
        assertThat(visible(By.id("who")).getText()).contains("official", "Администрация города");
        assertThat(municipalityOptions()).containsExactly("Воронеж");

        showWeek();
        assertThat(topicsTotal()).isEqualTo(VORONEZH).isEqualTo(weekTotal("official", null));
        // ECharts draws the trend of each group as SVG paths
        assertThat(browser.findElement(By.cssSelector("#trend svg path")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#alerts li"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#incidents li")).get(0).getText()).contains("сообщ.");

        // the session cookie carries the same scope to every API the page could call
        assertThat(fetchTotal("novovoronezh")).isZero();
        assertThat(fetchTotal("voronezh")).isEqualTo(VORONEZH);

        browser.findElement(By.id("logout")).click();
        visible(By.id("signin"));
        assertThat(fetchStatus("/api/v1/me")).isIn(401L, 499L);
    }

    @Test
    void aRegionalAnalystSignsInAndSeesEveryMunicipality() {
        browser.manage().deleteAllCookies();
        browser.get(stack.reporting + "/dashboard/");
        visible(By.id("signin"));
        signInAs("region", "analyst");
        assertThat(visible(By.id("who")).getText()).contains("analyst", "Центр управления регионом");
        assertThat(municipalityOptions()).containsExactly("все доступные", "Воронеж", "Нововоронеж");

        showWeek();
        assertThat(topicsTotal()).isEqualTo(VORONEZH + NOVOVORONEZH);
        assertThat(fetchTotal("novovoronezh")).isEqualTo(NOVOVORONEZH);

        // an analyst may order a report from the page; it appears in the list with its documents
        selectMunicipality("voronezh");
        browser.findElement(By.cssSelector("#order button")).click();
        new WebDriverWait(browser, Duration.ofMinutes(3)).pollingEvery(Duration.ofSeconds(1)).until(d -> {
            browser.findElement(By.cssSelector("#controls button")).click();
            return d.findElements(By.cssSelector("#reports a[data-format='pdf']")).size() > 0;
        });
    }

    private static void signInAs(String organisation, String user) {
        StaffBrowser.signIn(browser, stack, organisation, user);
    }

    private static void showWeek() {
        js("document.getElementById('week').value = arguments[0];", MONDAY.toString());
        browser.findElement(By.cssSelector("#controls button")).click();
        new WebDriverWait(browser, Duration.ofMinutes(1))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Данные за " + MONDAY));
    }

    private static void selectMunicipality(String code) {
        js("document.getElementById('municipality').value = arguments[0];", code);
    }

    private static long topicsTotal() {
        return browser.findElements(By.cssSelector("#topics tbody tr td:nth-child(2)")).stream()
                .mapToLong(td -> Long.parseLong(td.getText().trim())).sum();
    }

    private static List<String> municipalityOptions() {
        return browser.findElements(By.cssSelector("#municipality option")).stream().map(WebElement::getText).toList();
    }

    /** What the page's own fetch() gets from the topics API with the browser's session. */
    private static long fetchTotal(String municipality) {
        Object total = asyncJs("fetch('/api/v1/analytics/topics?from=" + MONDAY + "&to=" + MONDAY.plusDays(7)
                + "&municipality=" + municipality + "', {headers: {'X-Requested-With': 'JavaScript'}})"
                + ".then(r => r.json()).then(j => done(j.total), e => done(-1));");
        return ((Number) total).longValue();
    }

    private static long fetchStatus(String path) {
        Object status = asyncJs("fetch('" + path + "', {headers: {'X-Requested-With': 'JavaScript'}}).then(r => done(r.status));");
        return ((Number) status).longValue();
    }

    private static Object asyncJs(String body) {
        return ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1]; " + body);
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static WebElement visible(By by) {
        return StaffBrowser.visible(browser, by);
    }

    private static long weekTotal(String account, String municipality) {
        String url = stack.reporting + "/api/v1/analytics/topics?from=" + MONDAY + "&to=" + MONDAY.plusDays(7)
                + (municipality == null ? "" : "&municipality=" + municipality);
        JsonNode topics = stack.read(stack.get(url, account).body());
        return topics.path("total").asLong();
    }
}
