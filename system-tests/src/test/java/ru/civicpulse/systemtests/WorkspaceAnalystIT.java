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
import ru.civicpulse.tools.DemoDataset;
import ru.civicpulse.tools.Stack;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.systemtests.StaffBrowser.visible;

/**
 * The staff workspace in headless Chromium against the real stack: an analyst drills from a topic
 * group's count to its messages and one message, corrects its topic and sees the overview count it
 * in the new group; the map filters the overview; a Voronezh official meets Novovoronezh nowhere.
 */
@Order(2)
class WorkspaceAnalystIT {
    /** A week of its own: the other system tests use 9, 11, 12 and 30 days back. */
    static final LocalDate DAY = LocalDate.now(DemoDataset.ZONE).minusDays(44);
    static final LocalDate MONDAY = DAY.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    static final int VORONEZH = 12;
    static final int NOVOVORONEZH = 5;

    static Stack stack;
    static WebDriver browser;

    @BeforeAll
    static void stackAndData() {
        SystemStack system = SystemStack.get();
        stack = system.stack;
        StaffBrowser.feedWeek(stack, DAY, "ws", VORONEZH, NOVOVORONEZH);
        browser = Browser.start(Browser.freshProfile(system.state.resolve("browser")));
        StaffBrowser.laptopScreen(browser);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAnalystDrillsFromATopicToAMessageCorrectsItAndSeesItCounted() {
        signIn("region", "analyst");
        overview();
        StaffBrowser.logLoadTime(browser, "index.html");
        assertThat(topicsTotal()).isEqualTo(VORONEZH + NOVOVORONEZH);
        assertThat(browser.findElements(By.cssSelector("#trend svg path"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#map path[data-key]")).stream().map(p -> p.getAttribute("data-key")))
                .contains("novovoronezh", "tsentralny", "levoberezhny");
        StaffBrowser.screenshot(browser, "overview-analyst");

        // the map filters every panel: Novovoronezh's area shows its messages only
        WebElement novovoronezh = browser.findElement(By.cssSelector("#map path[data-key='novovoronezh']"));
        assertThat(novovoronezh.getAttribute("tabindex")).isEqualTo("0");
        novovoronezh.click();
        StaffBrowser.waitFor(browser, Duration.ofMinutes(1), d -> d.getCurrentUrl().contains("municipality=novovoronezh")
                && topicsTotal() == NOVOVORONEZH);
        assertThat(visible(browser, By.id("map-count")).getText()).isEqualTo(NOVOVORONEZH + " сообщ.");
        assertThat(new Select(browser.findElement(By.id("municipality"))).getFirstSelectedOption().getText()).isEqualTo("Нововоронеж");
        StaffBrowser.screenshot(browser, "overview-map-selected");

        // drill down: a group's count opens exactly its messages
        overview();
        WebElement count = browser.findElement(By.cssSelector("#topics tbody a[data-count]"));
        String group = count.getAttribute("data-count");
        String groupLabel = browser.findElement(By.cssSelector("#topics tbody a[data-group='" + group + "']")).getText();
        long before = Long.parseLong(count.getText());
        String target = group.equals("ecology") ? "roads" : "ecology";
        long targetBefore = countOf(target);
        count.click();
        new WebDriverWait(browser, Duration.ofMinutes(1))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("found"), "Найдено: " + before));
        StaffBrowser.logLoadTime(browser, "messages.html");
        List<WebElement> rows = browser.findElements(By.cssSelector("#messages tbody tr[data-id]"));
        assertThat(rows).hasSize((int) Math.min(before, 20));
        assertThat(rows).allSatisfy(r -> assertThat(r.findElement(By.cssSelector("td:nth-child(3)")).getText()).startsWith(groupLabel));
        StaffBrowser.screenshot(browser, "messages");

        // search narrows the list with the documented syntax
        String firstWord = java.util.Arrays.stream(rows.get(0).findElement(By.cssSelector("td:nth-child(2)")).getText().split("[^\\p{L}]+"))
                .limit(10).max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
        browser.findElement(By.id("q")).sendKeys(firstWord);
        browser.findElement(By.cssSelector("#filters button")).click();
        new WebDriverWait(browser, Duration.ofMinutes(1)).until(d -> d.getCurrentUrl().contains("q=")
                && d.findElement(By.id("status")).getText().contains(firstWord));
        assertThat(browser.findElements(By.cssSelector("#messages tbody tr[data-id]"))).isNotEmpty();

        browser.findElement(By.cssSelector("#messages tbody tr[data-id] a")).click();
        assertThat(visible(browser, By.id("group-label")).getText()).isEqualTo(groupLabel);
        StaffBrowser.logLoadTime(browser, "message.html");

        // «Исправить тему»: another group, and the page says the correction was accepted
        Select groups = new Select(visible(browser, By.id("correct-group")));
        groups.selectByValue(target);
        String targetLabel = groups.getFirstSelectedOption().getText();
        browser.findElement(By.cssSelector("#correct button")).click();
        assertThat(visible(browser, By.id("correction-result")).getText()).contains("Исправление принято", targetLabel);
        StaffBrowser.screenshot(browser, "message-corrected");

        // once the corrected classification arrives, the overview counts the message in its new group
        StaffBrowser.waitFor(browser, Duration.ofMinutes(3), d -> {
            overview();
            return countOf(group) == before - 1 && countOf(target) == targetBefore + 1;
        });
        assertThat(topicsTotal()).isEqualTo(VORONEZH + NOVOVORONEZH);
        browser.findElement(By.id("logout")).click();
        visible(browser, By.id("signin"));
    }

    @Test
    void aVoronezhOfficialMeetsNovovoronezhNowhere() {
        String novovoronezhMessage = messageOf("novovoronezh");
        signIn("city", "official");
        overview();
        assertThat(topicsTotal()).isEqualTo(VORONEZH);
        assertThat(browser.findElements(By.cssSelector("#municipality option")).stream().map(WebElement::getText))
                .containsExactly("Воронеж");
        assertThat(browser.findElements(By.cssSelector("#map path[data-key='novovoronezh']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#map path[data-key]"))).hasSize(6);
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("Нововоронеж");
        StaffBrowser.screenshot(browser, "overview-official");

        // a crafted filter is refused in words, and the list stays within Voronezh
        browser.get(stack.reporting + "/dashboard/messages.html?municipality=novovoronezh&from=" + MONDAY + "&to=" + MONDAY.plusDays(7));
        new WebDriverWait(browser, Duration.ofMinutes(1))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "недоступно вашей организации"));
        assertThat(visible(browser, By.id("found")).getText()).isEqualTo("Найдено: " + VORONEZH);
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Нововоронеж");

        // a direct address of a Novovoronezh message answers with a clear message, not an empty page
        browser.get(stack.reporting + "/dashboard/message.html?id=" + novovoronezhMessage);
        new WebDriverWait(browser, Duration.ofMinutes(1)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("status"), "Сообщение не найдено или недоступно вашей организации"));
        assertThat(browser.findElement(By.id("text")).getText()).contains("не найдено или недоступно");
        StaffBrowser.screenshot(browser, "message-not-available");
        browser.findElement(By.id("logout")).click();
        visible(browser, By.id("signin"));
    }

    private static void signIn(String organisation, String user) {
        browser.manage().deleteAllCookies();
        browser.get(stack.reporting + "/dashboard/");
        visible(browser, By.id("signin"));
        StaffBrowser.signIn(browser, stack, organisation, user);
    }

    /** Opens the overview of the test's week and waits for its data. */
    private static void overview() {
        browser.get(stack.reporting + "/dashboard/index.html?from=" + MONDAY);
        new WebDriverWait(browser, Duration.ofMinutes(1))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Данные за " + MONDAY));
    }

    private static long topicsTotal() {
        return browser.findElements(By.cssSelector("#topics tbody tr td:nth-child(2)")).stream()
                .mapToLong(td -> Long.parseLong(td.getText().trim())).sum();
    }

    /** The overview's count of a group (0 when it has no row). */
    private static long countOf(String group) {
        List<WebElement> link = browser.findElements(By.cssSelector("#topics tbody a[data-count='" + group + "']"));
        return link.isEmpty() ? 0 : Long.parseLong(link.get(0).getText().trim());
    }

    private static String messageOf(String municipality) {
        String url = stack.reporting + "/api/v1/messages?municipality=" + municipality + "&from=" + MONDAY + "&to=" + MONDAY.plusDays(7)
                + "&size=1";
        JsonNode page = stack.read(stack.get(url, "analyst").body());
        return page.path("items").get(0).path("messageId").asText();
    }
}
