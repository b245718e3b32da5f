package ru.civicpulse.systemtests;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.tools.ChannelFeeder;
import ru.civicpulse.tools.Stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

import static org.awaitility.Awaitility.await;

/** What the staff workspace's browser tests do alike: sign in, wait for elements, screenshots, load times. */
final class StaffBrowser {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private StaffBrowser() {
    }

    /**
     * Sends a week's messages of both municipalities through the REST API (Voronezh's as ПОС appeals,
     * Novovoronezh's as OK posts, tagged {@code tag}) and waits until reporting counts all of them in
     * the week of {@code day}.
     */
    static void feedWeek(Stack stack, LocalDate day, String tag, int voronezh, int novovoronezh) {
        TestData data = new TestData(day, tag);
        ChannelFeeder feeder = new ChannelFeeder(stack);
        feeder.rest(data.rest(voronezh, Source.POS, MessageKind.APPEAL, "voronezh"), 20);
        feeder.rest(data.rest(novovoronezh, Source.OK, MessageKind.POST, "novovoronezh"), 20);
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.reportingTotal("analyst", monday.toString(), monday.plusDays(7).toString(), null)
                        == voronezh + novovoronezh);
    }

    /** From the workspace's sign-in links through the organisation's Keycloak login form back to the overview. */
    static void signIn(WebDriver browser, Stack stack, String organisation, String user) {
        browser.findElement(By.id("login-" + organisation)).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(1));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.urlToBe(stack.reporting + "/dashboard/"));
        visible(browser, By.id("user"));
    }

    /**
     * Waits for a condition on a page that redraws: an element replaced between finding and
     * reading it is looked up again on the next poll instead of failing the wait.
     */
    static void waitFor(WebDriver browser, Duration timeout, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, timeout).pollingEvery(Duration.ofMillis(250))
                .ignoring(StaleElementReferenceException.class).until(condition::apply);
    }

    static WebElement visible(WebDriver browser, By by) {
        return new WebDriverWait(browser, Duration.ofMinutes(1)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The size screenshots are judged at. */
    static void laptopScreen(WebDriver browser) {
        browser.manage().window().setSize(new Dimension(1366, 768));
    }

    static void screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Logs how long the page took from navigation start to its data being shown (the page's
     * 'workspace-data-shown' mark); reported, not asserted.
     */
    static void logLoadTime(WebDriver browser, String page) {
        Object ms = ((JavascriptExecutor) browser).executeScript(
                "const m = performance.getEntriesByName('workspace-data-shown'); return m.length ? m[0].startTime : null;");
        System.out.printf("workspace page %s: data shown %s ms after navigation start%n", page,
                ms == null ? "(not marked)" : Math.round(((Number) ms).doubleValue()));
    }
}
