package ru.civicpulse.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicGroup;
import ru.civicpulse.tools.DemoDataset;
import ru.civicpulse.tools.Stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The workspace's operational pages in headless Chromium against the real stack: an official moves an
 * incident through the workflow and cannot open another municipality's; an analyst compares with an
 * uploaded source; an administrator trains, activates and rolls back a model. Screenshots at 1366×768
 * go to target/screenshots; each page's load time (navigation start to data shown) is logged.
 */
@Order(2)
class WorkspaceOpsIT {
    /** A week of its own: the other system tests use 9, 12 and 30 days back. */
    static final LocalDate DAY = LocalDate.now(DemoDataset.ZONE).minusDays(51);
    static final LocalDate MONDAY = DAY.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    static final int VORONEZH = 12;
    static final int NOVOVORONEZH = 6;

    static SystemStack system;
    static Stack stack;
    static WebDriver browser;

    @BeforeAll
    static void stackAndData() {
        system = SystemStack.get();
        stack = system.stack;
        StaffBrowser.feedWeek(stack, DAY, "ops", VORONEZH, NOVOVORONEZH);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> !incidents("novovoronezh").isEmpty());
        browser = Browser.start(Browser.freshProfile(system.state.resolve("browser-ops")));
        StaffBrowser.laptopScreen(browser);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOfficialTakesADecisionOnAnIncidentAndCannotOpenAnotherMunicipalitys() {
        String key = incidents("voronezh").stream().filter(i -> "NEW".equals(i.path("state").asText()))
                .map(i -> i.path("incidentKey").asText()).findFirst().orElseThrow();
        String otherKey = incidents("novovoronezh").get(0).path("incidentKey").asText();
        signIn("city", "official");

        open("incidents.html?period=custom&from=" + MONDAY + "&to=" + MONDAY.plusDays(7) + "&municipality=voronezh");
        waitFor(d -> !d.findElements(By.cssSelector("#incidents tr[data-key]")).isEmpty());
        logLoadTime("incidents.html");
        assertThat(browser.findElements(By.cssSelector("#incidents tr[data-key]")))
                .extracting(tr -> tr.getAttribute("data-key")).contains(key).doesNotContain(otherKey);
        screenshot("incidents");

        open("incident.html?key=" + encode(key));
        waitFor(d -> d.findElement(By.id("state")).getText().equals("новый"));
        logLoadTime("incident.html");
        transition("в работе", "");
        waitFor(d -> d.findElement(By.id("state")).getText().equals("в работе"));
        transition("решение принято", "Подрядчик выйдет на место во вторник; контроль — управа района.");
        waitFor(d -> d.findElement(By.id("state")).getText().equals("решение принято"));
        WebElement latest = browser.findElement(By.cssSelector("#timeline li"));
        assertThat(latest.getText()).contains("решение принято", "official", "Подрядчик выйдет на место во вторник");
        assertThat(browser.findElement(By.id("status")).getText()).contains("Состояние изменено: решение принято");
        screenshot("incident-decision");
        // the same state through the API: the page showed what was stored
        JsonNode stored = stack.read(stack.get(stack.reporting + "/api/v1/incidents/" + encode(key), "official").body());
        assertThat(stored.path("incident").path("state").asText()).isEqualTo("DECISION_TAKEN");

        open("incident.html?key=" + encode(otherKey));
        WebElement missing = visible(By.id("missing"));
        assertThat(missing.getText()).contains(otherKey, "не найден", "недоступен");
        assertThat(browser.findElement(By.id("incident")).isDisplayed()).isFalse();
        screenshot("incident-other-municipality");
    }

    @Test
    void anAnalystUploadsAnotherSourceAndSeesTheDivergenceHighlighted() throws IOException {
        // a group we have no messages of in this week and the one before, rising eightfold in the other source
        Set<String> ours = new HashSet<>();
        for (LocalDate from : List.of(MONDAY, MONDAY.minusDays(7))) {
            stack.read(stack.get(stack.reporting + "/api/v1/analytics/topics?from=" + from + "&to=" + from.plusDays(7), "analyst").body())
                    .path("groups").forEach(g -> ours.add(g.path("group").asText()));
        }
        TopicGroup rising = Taxonomy.groups().stream().filter(g -> !ours.contains(g.code()) && !g.code().equals(Taxonomy.OTHER))
                .findFirst().orElseThrow();
        String source = "ops-" + (System.currentTimeMillis() % 100_000);
        String csv = "periodStart,periodEnd,municipality,group,count\n"
                + MONDAY.minusDays(7) + "," + MONDAY.minusDays(1) + ",voronezh," + rising.code() + ",5\n"
                + MONDAY + "," + MONDAY.plusDays(6) + ",voronezh," + rising.code() + ",40\n";
        Path file = Files.createDirectories(system.state.resolve("uploads")).resolve(source + ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        signIn("region", "analyst");
        open("compare.html?period=custom&from=" + MONDAY + "&to=" + MONDAY.plusDays(7) + "&municipality=voronezh");
        visible(By.id("source-name")).sendKeys(source);
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("upload-button")).click();
        // other groups may diverge too (the other tests' messages rise in CivicPulse only): look at the rising one
        By risingRow = By.cssSelector("#comparison tr.diverging[data-group='" + rising.code() + "']");
        waitFor(d -> !d.findElements(risingRow).isEmpty());
        logLoadTime("compare.html");

        WebElement row = browser.findElement(risingRow);
        assertThat(row.getText()).contains(rising.label(), "расходится", "40");
        assertThat(browser.findElement(By.id("divergences")).getText())
                .contains(rising.label(), "растёт в " + source, "но не в CivicPulse");
        assertThat(browser.findElements(By.cssSelector("#comparison thead th")))
                .extracting(WebElement::getText).contains("CivicPulse", source);
        assertThat(browser.findElement(By.id("sources")).getText()).contains(source);
        screenshot("compare");
    }

    @Test
    void anAdministratorTrainsActivatesAndRollsBackAModel() throws IOException {
        Path file = Files.createDirectories(system.state.resolve("uploads")).resolve("training.csv");
        Files.writeString(file, trainingData(12), StandardCharsets.UTF_8);

        signIn("region", "admin");
        open("models.html");
        waitFor(d -> !d.findElements(By.cssSelector("#models tr[data-version]")).isEmpty());
        logLoadTime("models.html");
        String before = activeVersion();
        int versions = browser.findElements(By.cssSelector("#models tr[data-version]")).size();

        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("train-button")).click();
        // progress is shown while the job runs, then the new version
        visible(By.cssSelector("#training progress"));
        new WebDriverWait(browser, Duration.ofMinutes(5)).pollingEvery(Duration.ofMillis(500))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("training-result"), "Обучена версия"));
        assertThat(browser.findElement(By.cssSelector("#training progress")).getAttribute("value")).isEqualTo("100");
        String trained = browser.findElement(By.id("training-result")).getAttribute("data-version");
        waitFor(d -> d.findElements(By.cssSelector("#models tr[data-version]")).size() == versions + 1);
        screenshot("models-trained");

        click(By.cssSelector("#models button.activate[data-version='" + trained + "']"));
        waitFor(d -> trained.equals(activeVersion()));
        assertThat(activeVersionByApi()).isEqualTo(trained);

        waitFor(d -> d.findElement(By.id("rollback")).getText().contains(before));
        click(By.id("rollback"));
        waitFor(d -> before.equals(activeVersion()));
        assertThat(browser.findElement(By.id("status")).getText()).contains("Активна версия " + before);
        assertThat(activeVersionByApi()).isEqualTo(before);
        screenshot("models-rolled-back");
    }

    /** The seed corpus' format (text,group,topic): the first rows of each group's file. */
    private static String trainingData(int perGroup) throws IOException {
        Path seed = system.root.resolve("classifier/src/main/resources/ru/civicpulse/classifier/seed");
        StringBuilder csv = new StringBuilder("text,group,topic\n");
        try (Stream<Path> files = Files.list(seed)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                lines.stream().skip(1).filter(l -> !l.isBlank()).limit(perGroup).forEach(l -> csv.append(l).append('\n'));
            }
        }
        return csv.toString();
    }

    private static String activeVersion() {
        List<WebElement> active = browser.findElements(By.cssSelector("#models tr.selected[data-version]"));
        return active.isEmpty() ? null : active.get(0).getAttribute("data-version");
    }

    private static String activeVersionByApi() {
        for (JsonNode m : stack.read(stack.get(stack.reporting + "/api/v1/workspace/models", "admin").body())) {
            if (m.path("active").asBoolean()) {
                return m.path("version").asText();
            }
        }
        return null;
    }

    private static void transition(String to, String comment) {
        new Select(visible(By.id("to"))).selectByVisibleText(to);
        WebElement text = browser.findElement(By.id("comment"));
        text.clear();
        text.sendKeys(comment);
        browser.findElement(By.id("change")).click();
    }

    /** Signs out whoever is signed in (ending the identity provider's session too), then signs in as user. */
    private static void signIn(String organisation, String user) {
        browser.get(stack.reporting + "/dashboard/");
        waitFor(d -> d.findElement(By.id("signin")).isDisplayed() || d.findElement(By.id("user")).isDisplayed());
        if (browser.findElement(By.id("user")).isDisplayed()) {
            browser.findElement(By.id("logout")).click();
            visible(By.id("signin"));
        }
        StaffBrowser.signIn(browser, stack, organisation, user);
    }

    private static void open(String page) {
        browser.get(stack.reporting + "/dashboard/" + page);
        visible(By.id("who"));
    }

    private static void logLoadTime(String page) {
        StaffBrowser.logLoadTime(browser, page);
    }

    private static void screenshot(String name) {
        StaffBrowser.screenshot(browser, "ops-" + name);
    }

    /** Clicks an element of a table the page may redraw meanwhile (found again if it was replaced). */
    private static void click(By by) {
        waitFor(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        StaffBrowser.waitFor(browser, Duration.ofMinutes(1), condition);
    }

    private static WebElement visible(By by) {
        return new WebDriverWait(browser, Duration.ofMinutes(1)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static String encode(String key) {
        return java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<JsonNode> incidents(String municipality) {
        JsonNode r = stack.read(stack.get(stack.reporting + "/api/v1/incidents?from=" + MONDAY + "&to=" + MONDAY.plusDays(7)
                + "&municipality=" + municipality + "&limit=100", "analyst").body());
        List<JsonNode> out = new ArrayList<>();
        r.path("incidents").forEach(out::add);
        return out;
    }

    private static long weekTotal() {
        return stack.read(stack.get(stack.reporting + "/api/v1/analytics/topics?from=" + MONDAY + "&to=" + MONDAY.plusDays(7),
                "analyst").body()).path("total").asLong();
    }
}
