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
import ru.civicpulse.tools.Stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** What the staff workspace's browser tests do alike: sign in, wait for elements, screenshots, load times. */
final class StaffBrowser {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private StaffBrowser() {
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
