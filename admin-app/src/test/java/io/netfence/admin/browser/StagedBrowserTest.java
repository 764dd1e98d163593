package io.netfence.admin.browser;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.staged.StagedObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Staged page in headless Chromium: the would-deny counts are shown, an editor enforces a staged policy, and the
 * demo's staged ClusterNetworkPolicy is listed with its counts and opens.
 */
@ConsoleTest
class StagedBrowserTest {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final String NS = "frontend";
    static final String NAME = "browser-staged";
    static final String DEMO_CNP = "data-no-monitoring";

    static WebDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SHOTS);
        driver = Chromium.start("browser-staged");
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
        Eventually.until("the demo agents count for the demo staged policies", () -> cluster.nodeStatuses().values().stream()
                .mapToLong(s -> s.stagedWouldDeny().getOrDefault("backend/api-from-web-only", 0L)).sum() > 0);
        BrowserLogin.as(driver, "http://localhost:" + port, "editor", "editor");
    }

    @AfterEach
    void cleanUp() {
        StagedObjects.in(client, NS).withName(NAME).delete();
        client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).delete();
        Eventually.until("gone", () -> cluster.stagedPolicy(NS, NAME).isEmpty() && cluster.networkPolicy(NS, NAME).isEmpty());
    }

    @Test
    void theStagedPageShowsTheCountsAndAnEditorEnforcesOne() throws IOException {
        GenericKubernetesResource staged = StagedObjects.in(client, NS).resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: netfence.io/v1alpha1
                kind: StagedNetworkPolicy
                metadata: {name: browser-staged, namespace: frontend}
                spec:
                  podSelector: {matchLabels: {app: storefront}}
                  policyTypes: [Ingress]
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
                """, GenericKubernetesResource.class)).create();
        Eventually.until("the console sees it", () -> cluster.stagedPolicy(NS, NAME).isPresent());
        long expected = cluster.nodeStatuses().values().stream()
                .mapToLong(s -> s.stagedWouldDeny().getOrDefault("backend/api-from-web-only", 0L)).sum();

        driver.get("http://localhost:" + port + "/");
        driver.findElement(By.id("nav-staged")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        WebElement row = wait.until(d -> d.findElement(By.cssSelector("tr.staged-row[data-key='backend/api-from-web-only']")));
        assertThat(row.findElement(By.className("would-deny-count")).getText()).isEqualTo(String.valueOf(expected));
        assertThat(Long.parseLong(row.findElement(By.className("observed-would-deny")).getText())).isPositive();
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve("staged.png"),
                StandardCopyOption.REPLACE_EXISTING);

        driver.findElement(By.cssSelector("tr.staged-row[data-key='frontend/browser-staged'] a.staged-link")).click();
        WebElement version = wait.until(d -> d.findElement(By.id("staged-resource-version")));
        assertThat(version.getText()).isEqualTo(staged.getMetadata().getResourceVersion());
        driver.findElement(By.id("enforce-button")).click();
        WebElement result = wait.until(d -> d.findElement(By.id("staged-result")));
        assertThat(result.getAttribute("data-status")).isEqualTo("ENFORCED");
        assertThat(result.getText()).contains("created NetworkPolicy frontend/browser-staged");
        driver.findElement(By.id("open-network-policy")).click();
        wait.until(d -> d.getTitle().startsWith("frontend/browser-staged"));
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).get()).isNotNull();
        assertThat(StagedObjects.in(client, NS).withName(NAME).get()).isNull();
    }

    @Test
    void theDemoStagedClusterNetworkPolicyIsListedWithItsCountsAndOpens() throws IOException {
        Eventually.until("the demo agents count for the demo staged ClusterNetworkPolicy", () -> clusterWouldDeny() > 0);
        long expected = clusterWouldDeny();
        long reportingNodes = cluster.nodeStatuses().values().stream()
                .filter(s -> s.stagedClusterWouldDeny().containsKey(DEMO_CNP)).count();
        String rv = cluster.stagedClusterPolicy(DEMO_CNP).orElseThrow().getMetadata().getResourceVersion();

        driver.get("http://localhost:" + port + "/");
        driver.findElement(By.id("nav-staged")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        WebElement row = wait.until(d -> d.findElement(By.cssSelector("tr.staged-cluster-row[data-name='" + DEMO_CNP + "']")));
        assertThat(row.findElement(By.className("would-deny-count")).getText()).isEqualTo(String.valueOf(expected));
        assertThat(row.getText()).contains("on " + reportingNodes + " node(s)");
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve("staged-cluster.png"),
                StandardCopyOption.REPLACE_EXISTING);

        row.findElement(By.cssSelector("a.staged-cluster-link")).click();
        WebElement version = wait.until(d -> d.findElement(By.id("staged-resource-version")));
        assertThat(driver.getTitle()).startsWith("Staged " + DEMO_CNP);
        assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("StagedClusterNetworkPolicy " + DEMO_CNP);
        assertThat(version.getText()).isEqualTo(rv);
        assertThat(driver.findElement(By.id("would-deny-total")).getText()).isEqualTo(String.valueOf(expected));
        assertThat(driver.findElements(By.cssSelector("#would-deny-nodes tr[data-node]"))).hasSize((int) reportingNodes);
    }

    private long clusterWouldDeny() {
        return cluster.nodeStatuses().values().stream().mapToLong(s -> s.stagedClusterWouldDeny().getOrDefault(DEMO_CNP, 0L)).sum();
    }
}
