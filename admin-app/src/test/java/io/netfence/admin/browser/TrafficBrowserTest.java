package io.netfence.admin.browser;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Traffic page in headless Chromium: the server-rendered graph is drawn, coloured by verdict, and follows the filters. */
@ConsoleTest
class TrafficBrowserTest {

    static final Path SHOTS = Path.of("target", "screenshots");

    static WebDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    LiveCluster cluster;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SHOTS);
        driver = Chromium.start("browser-traffic");
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void loadedAndLoggedIn() {
        Eventually.demoClusterLoaded(cluster);
        BrowserLogin.as(driver, "http://localhost:" + port, "viewer", "viewer");
    }

    @Test
    void theGraphIsDrawnWithEdgesColouredByVerdictAndFollowsTheFilter() throws IOException {
        driver.get("http://localhost:" + port + "/");
        driver.findElement(By.id("nav-traffic")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        WebElement svg = wait.until(d -> d.findElement(By.id("traffic-graph")));
        assertThat(svg.getSize().getWidth()).isGreaterThan(300);
        assertThat(svg.getSize().getHeight()).isGreaterThan(300);
        List<WebElement> denied = driver.findElements(By.cssSelector("#traffic-graph line.edge.denied"));
        List<WebElement> allowed = driver.findElements(By.cssSelector("#traffic-graph line.edge.allowed"));
        assertThat(denied).isNotEmpty();
        assertThat(allowed).hasSizeGreaterThan(denied.size());
        assertThat(denied.get(0).getCssValue("stroke")).isEqualTo("rgb(198, 40, 40)");
        assertThat(allowed.get(0).getCssValue("stroke")).isEqualTo("rgb(46, 125, 50)");
        // the browser laid the labels out: each group's text has a real box
        Number labelWidth = (Number) ((JavascriptExecutor) driver).executeScript(
                "return Math.min(...[...document.querySelectorAll('#traffic-graph .node text')].map(t => t.getBBox().width))");
        assertThat(labelWidth.doubleValue()).isGreaterThan(10);
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve("traffic.png"),
                StandardCopyOption.REPLACE_EXISTING);

        new Select(driver.findElement(By.id("verdict"))).selectByValue("denied");
        wait.until(d -> d.findElements(By.cssSelector("#traffic-graph line.edge.allowed")).isEmpty()
                && !d.findElements(By.cssSelector("#traffic-graph line.edge.denied")).isEmpty());
        assertThat(driver.getCurrentUrl()).contains("verdict=denied");
        assertThat(driver.findElements(By.cssSelector("#traffic-table td.traffic-allowed")))
                .allMatch(td -> td.getText().equals("0"));
    }
}
