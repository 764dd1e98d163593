package io.netfence.admin.browser;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ClusterNetworkPolicy composer in headless Chromium: from the list to the composer, a template, a form edit that
 * rewrites the YAML, the preview with the DROP rules per node, the push and the new policy's page.
 */
@ConsoleTest
class ClusterPolicyBrowserTest {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final String NAME = "deny-cloud-metadata";

    static WebDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    LiveCluster cluster;
    @Autowired
    io.fabric8.kubernetes.client.KubernetesClient client;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SHOTS);
        driver = Chromium.start("browser-cnp");
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
        Eventually.until("demo CNPs", () -> cluster.snapshot().clusterNetworkPolicies().size() >= 3);
        BrowserLogin.as(driver, "http://localhost:" + port, "editor", "editor");
    }

    @Test
    void composeFromATemplateEditInTheFormPreviewAndPush(TestInfo info) throws Exception {
        String base = "http://localhost:" + port;
        try {
            driver.get(base + "/clusternetworkpolicies");
            driver.findElement(By.id("new-cluster-policy")).click();
            waitFor(() -> !driver.findElements(By.id("cnp-template-block-cloud-metadata")).isEmpty(), "the composer with its templates");
            driver.findElement(By.id("cnp-template-block-cloud-metadata")).click();
            waitFor(() -> driver.findElement(By.id("f-name")).getAttribute("value").equals(NAME), "the form shows the template");
            assertThat(driver.findElement(By.id("yaml-editor")).getAttribute("value")).contains("169.254.169.254/32").contains("tier: Admin");
            assertThat(text("draft-valid")).contains("Valid ClusterNetworkPolicy " + NAME);

            // a form edit goes through htmx to the CNP composer and rewrites the YAML
            WebElement priority = driver.findElement(By.id("f-priority"));
            priority.sendKeys(Keys.END, Keys.BACK_SPACE, "7");
            waitFor(() -> driver.findElement(By.id("yaml-editor")).getAttribute("value").contains("priority: 7"), "the YAML follows the form");
            waitFor(() -> text("draft-valid").contains("priority 7"), "the analysis follows");
            shot("cnp-composer");

            driver.findElement(By.id("cnp-preview-link")).click();
            waitFor(() -> !driver.findElements(By.id("changed-count")).isEmpty(), "the preview page");
            assertThat(Integer.parseInt(text("changed-count"))).isPositive();
            List<WebElement> nodes = driver.findElements(By.cssSelector(".node-diff"));
            assertThat(nodes).isNotEmpty().allSatisfy(n -> assertThat(n.getText()).contains("-j DROP").contains(NAME));
            assertThat(text("policy-diff")).contains("+  priority: 7");
            shot("cnp-preview");

            driver.findElement(By.id("apply-button")).click();
            waitFor(() -> text("push-result").contains("Created ClusterNetworkPolicy " + NAME), "the draft is created");
            driver.navigate().refresh();
            assertThat(text("push-result")).as("a refresh shows the result again").contains("Created ClusterNetworkPolicy " + NAME);
            driver.findElement(By.id("open-policy")).click();
            waitFor(() -> text("cnp-name").equals(NAME), "the new policy's page");
            waitFor(() -> {
                driver.navigate().refresh();
                return text("cnp-priority").equals("7");
            }, "the page shows the pushed policy from the informer");
            assertThat(Chromium.cspViolations(driver)).isEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        } finally {
            io.netfence.admin.clusterpolicies.ClusterPushService.policies(client).withName(NAME).delete();
            Eventually.until("the pushed CNP is gone again", () -> cluster.snapshot().clusterNetworkPolicy(NAME).isEmpty());
        }
    }

    private static String text(String id) {
        List<WebElement> e = driver.findElements(By.id(id));
        return e.isEmpty() ? "" : e.get(0).getText();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).withMessage(what).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }

    private static void shot(String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void failureShot(TestInfo info) {
        try {
            File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SHOTS.resolve("FAILED-" + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test") + ".png");
            Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            System.err.println("browser test failed; screenshot: " + target.toAbsolutePath());
        } catch (RuntimeException | IOException e) {
            System.err.println("could not take a failure screenshot: " + e.getMessage());
        }
    }
}
