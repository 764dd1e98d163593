package io.netfence.admin.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium for the browser tests (no download: the driver path is given), with its home and
 * profile under target/. Skips the test when the browser is missing, unless CI=true. The browser's console log is
 * kept, so a test can assert that no Content-Security-Policy violation happened.
 */
public final class Chromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    public static WebDriver start(String name) throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String message = "\n\n!!!!! BROWSER TESTS SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing "
                    + "(apt-get install -y chromium chromium-driver) !!!!!\n";
            System.err.println(message);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and no browser: " + message);
            }
            Assumptions.abort(message);
        }
        Path home = Files.createDirectories(Path.of("target", name).toAbsolutePath());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + home.resolve("profile"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString(),
                        "XDG_CACHE_HOME", home.resolve("cache").toString()))
                .build();
        return new ChromeDriver(service, options);
    }

    /** Content-Security-Policy violations the browser logged since the last call (the log is drained). */
    public static List<String> cspViolations(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy")).toList();
    }
}
