package ru.civicpulse.systemtests;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through ChromeDriver, both found on the machine (Debian: packages
 * {@code chromium} and {@code chromium-driver}; elsewhere point {@code CIVICPULSE_CHROMIUM} and
 * {@code CIVICPULSE_CHROMEDRIVER} at them). Nothing is downloaded: a missing browser fails the test
 * with instructions instead.
 */
final class Browser {
    private Browser() {
    }

    static WebDriver start(Path profileDir) {
        File chromium = find("CIVICPULSE_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        File driver = find("CIVICPULSE_CHROMEDRIVER", "chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // No network beyond loopback on build machines: background services would only time out.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--lang=ru-RU", "--window-size=1280,1024",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static Path freshProfile(Path parent) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File find(String variable, String... names) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            File f = new File(configured);
            if (f.canExecute()) {
                return f;
            }
            throw new IllegalStateException(variable + "=" + configured + " is not an executable file");
        }
        List<String> path = List.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator));
        return Stream.of(names).flatMap(n -> path.stream().map(dir -> new File(dir, n))).filter(File::canExecute).findFirst()
                .orElseThrow(() -> new IllegalStateException("The dashboard test needs " + String.join(" or ", names)
                        + " on PATH (Debian: apt-get install chromium chromium-driver), or " + variable + " set to it."));
    }
}
