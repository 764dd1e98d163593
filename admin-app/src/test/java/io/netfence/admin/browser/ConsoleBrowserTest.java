package io.netfence.admin.browser;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.model.PodInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in Debian's headless Chromium: compose a default deny for a namespace from a template, see the pods
 * it selects, the per-node preview diff of the nodes hosting them, the matrix cells turning to denied, and the
 * explanation of one cell. Screenshots go to target/screenshots (and, with -Dnetfence.docs.screenshots=true, to
 * docs/images for docs/console.md); a failing step leaves target/screenshots/FAILED-*.png.
 */
@ConsoleTest
class ConsoleBrowserTest {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final Path DOC_IMAGES = Path.of("..", "docs", "images");

    static WebDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    LiveCluster cluster;
    @Autowired
    io.fabric8.kubernetes.client.KubernetesClient client;
    @Autowired
    io.netfence.admin.audit.AuditTrail auditTrail;
    @Autowired
    io.netfence.admin.nodes.NodeStates nodeStates;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SHOTS);
        driver = Chromium.start("browser-home");
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
        BrowserLogin.as(driver, "http://localhost:" + port, "editor", "editor");
    }

    /**
     * Issue 10's trap: after a YAML edit the form was stale, and typing into it silently replaced the YAML being fixed.
     * Now the stale form is disabled and says why until the YAML parses again; then it shows the YAML's values.
     */
    @Test
    void aFormThatNoLongerMatchesTheYamlIsPausedUntilTheYamlParsesAgain(TestInfo info) throws Exception {
        String base = "http://localhost:" + port;
        try {
            driver.get(base + "/composer?template=default-deny-ingress&namespace=data");
            WebElement yaml = driver.findElement(By.id("yaml-editor"));
            waitFor(() -> driver.findElement(By.id("f-name")).getAttribute("value").equals("default-deny-ingress"), "the form shows the template");
            String good = yaml.getAttribute("value");
            yaml.sendKeys(org.openqa.selenium.Keys.END, "\nspec: {podSelector: {matchLabels: {app: x}\n");
            waitFor(() -> driver.findElement(By.id("form-stale")).isDisplayed(), "the form says it is paused");
            WebElement name = driver.findElement(By.id("f-name"));
            assertThat(name.isEnabled()).as("the stale form cannot be typed into").isFalse();
            assertThat(driver.findElement(By.id("f-ingress-type")).isEnabled()).isFalse();
            String broken = yaml.getAttribute("value");
            Thread.sleep(600);
            assertThat(driver.findElement(By.id("yaml-editor")).getAttribute("value")).as("the YAML being fixed is untouched").isEqualTo(broken);
            shot("composer-stale");

            yaml.clear();
            yaml.sendKeys(good.replace("name: default-deny-ingress", "name: fixed-by-hand"));
            waitFor(() -> !driver.findElement(By.id("form-stale")).isDisplayed(), "the form follows the YAML again");
            waitFor(() -> driver.findElement(By.id("f-name")).isEnabled()
                    && driver.findElement(By.id("f-name")).getAttribute("value").equals("fixed-by-hand"), "the form shows the fixed YAML");
            assertThat(Chromium.cspViolations(driver)).isEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        }
    }

    /** The login page of the demo names its users; a viewer drafts and previews but is offered no push. */
    @Test
    void aViewerLogsInThroughTheLoginPageAndIsOfferedNoPush(TestInfo info) throws Exception {
        String base = "http://localhost:" + port;
        try {
            driver.findElement(By.id("logout-button")).click();
            driver.get(base + "/preview");
            waitFor(() -> !driver.findElements(By.id("login-form")).isEmpty(), "a page without a session leads to the login page");
            assertThat(driver.getPageSource()).contains("DEMO CLUSTER");
            assertThat(driver.findElement(By.tagName("main")).getText()).contains("viewer").contains("editor");
            shot("login");
            BrowserLogin.as(driver, base, "viewer", "viewer");
            assertThat(text("current-role")).isEqualTo("viewer");
            driver.get(base + "/composer?template=default-deny-ingress&namespace=frontend");
            driver.get(base + "/preview");
            waitFor(() -> !driver.findElements(By.id("changed-count")).isEmpty(), "the viewer's draft is previewed");
            assertThat(driver.findElements(By.id("apply-button"))).as("no push button for a viewer").isEmpty();
            assertThat(Chromium.cspViolations(driver)).isEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        }
    }

    @Test
    void composeDefaultDenyPreviewItAndSeeTheMatrixChange(TestInfo info) throws Exception {
        String base = "http://localhost:" + port;
        try {
            driver.get(base + "/");
            assertThat(driver.findElement(By.id("demo-banner")).getText()).contains("DEMO CLUSTER");
            waitFor(() -> driver.findElements(By.cssSelector("#node-sync .badge.ok")).size() == 3, "all 3 nodes in sync");
            shot("overview");

            driver.get(base + "/pods?namespace=backend");
            WebElement selector = driver.findElement(By.id("selector"));
            selector.sendKeys("app in (api,orders)");
            waitFor(() -> text("pod-count").equals("7"), "the selector filters the pods as you type");
            selector.clear();
            selector.sendKeys("tier!=backend");
            waitFor(() -> text("pod-count").equals("0"), "tier!=backend leaves no backend pod");
            driver.get(base + "/pods?namespace=backend");
            shot("pods");

            // compose: template "default deny ingress" for backend
            driver.get(base + "/composer");
            new Select(driver.findElement(By.id("template-namespace"))).selectByValue("backend");
            driver.findElement(By.id("template-default-deny-ingress")).click();
            waitFor(() -> text("selected-count").equals("12"), "the draft selects the 12 backend pods");
            List<String> selected = driver.findElements(By.cssSelector("#selected-pods .selected-pod")).stream().map(WebElement::getText).toList();
            assertThat(selected).hasSize(12).allMatch(p -> p.startsWith("backend/"));

            // the form drives the YAML (htmx, debounced)
            WebElement name = driver.findElement(By.id("f-name"));
            name.clear();
            name.sendKeys("deny-all-ingress");
            waitFor(() -> driver.findElement(By.id("yaml-editor")).getDomProperty("value").contains("name: deny-all-ingress"),
                    "the YAML follows the form");
            // and the YAML drives the form and the analysis: an invalid port shows at its field
            WebElement yaml = driver.findElement(By.id("yaml-editor"));
            String valid = yaml.getDomProperty("value");
            yaml.sendKeys("  ingress:\n  - ports:\n    - port: 70000\n");
            waitFor(() -> driver.findElements(By.cssSelector("#draft-errors")).size() == 1
                    && driver.findElement(By.id("draft-errors")).getText().contains("spec.ingress[0].ports[0].port"), "the invalid port is reported");
            waitFor(() -> driver.findElements(By.cssSelector("[data-path='spec.ingress[0].ports[0].port'].has-error")).size() == 1,
                    "the error sits at the port field of the form");
            shot("composer-error");
            // add/remove buttons and a peer's type redraw the form: an egress rule to an ipBlock
            driver.findElement(By.id("add-egress-rule")).click();
            waitFor(() -> !driver.findElements(By.id("add-peer-egress[0]")).isEmpty(), "the egress rule is drawn");
            driver.findElement(By.id("add-peer-egress[0]")).click();
            waitFor(() -> !driver.findElements(By.id("peer-type-egress[0]-0")).isEmpty(), "the peer is drawn");
            new Select(driver.findElement(By.id("peer-type-egress[0]-0"))).selectByValue("ipBlock");
            waitFor(() -> !driver.findElements(By.id("cidr-egress[0]-0")).isEmpty(), "the ipBlock fields are drawn");
            driver.findElement(By.id("cidr-egress[0]-0")).sendKeys("203.0.113.0/24");
            waitFor(() -> driver.findElement(By.id("yaml-editor")).getDomProperty("value").contains("cidr: 203.0.113.0/24"),
                    "the YAML has the ipBlock");
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "const t = document.getElementById('yaml-editor'); t.value = arguments[0]; t.dispatchEvent(new Event('input', {bubbles: true}));", valid);
            waitFor(() -> driver.findElements(By.id("draft-valid")).size() == 1 && text("selected-count").equals("12"), "valid again");
            // a checkbox of the form (no inline handler, no htmx eval filter under the CSP) still rewrites the YAML
            driver.findElement(By.id("f-egress-type")).click();
            waitFor(() -> driver.findElement(By.id("yaml-editor")).getDomProperty("value").contains("- Egress"), "the Egress type is in the YAML");
            driver.findElement(By.id("f-egress-type")).click();
            waitFor(() -> !driver.findElement(By.id("yaml-editor")).getDomProperty("value").contains("- Egress"), "and out again");
            shot("composer");

            // preview: exactly the nodes hosting backend pods change
            driver.findElement(By.linkText("Preview the rules per node")).click();
            waitFor(() -> !driver.findElements(By.cssSelector(".node-diff")).isEmpty(), "node diffs shown");
            Set<String> expectedNodes = cluster.snapshot().pods().stream().filter(p -> p.namespace().equals("backend") && p.selectable())
                    .map(PodInfo::nodeName).collect(Collectors.toCollection(TreeSet::new));
            Set<String> shownNodes = driver.findElements(By.cssSelector(".node-diff")).stream().map(e -> e.getDomAttribute("data-node"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(shownNodes).isEqualTo(expectedNodes);
            assertThat(driver.findElements(By.cssSelector(".node-diff .diff-add"))).isNotEmpty();
            shot("preview");

            // connectivity: frontend → backend on 8080 turns to denied
            driver.get(base + "/connectivity?namespace=frontend&namespace=backend&port=8080&group=pod");
            List<WebElement> lost = driver.findElements(By.cssSelector("td.cell-lost"));
            assertThat(lost).isNotEmpty();
            assertThat(lost).allMatch(td -> td.getDomAttribute("data-to").startsWith("backend/"));
            assertThat(driver.findElements(By.cssSelector("td.cell-gained"))).isEmpty();
            WebElement cell = lost.stream().filter(td -> td.getDomAttribute("data-from").startsWith("frontend/")).findFirst().orElseThrow();
            String from = cell.getDomAttribute("data-from");
            String to = cell.getDomAttribute("data-to");
            cell.findElement(By.tagName("a")).click();
            waitFor(() -> driver.findElements(By.cssSelector("#explanation .explain-draft")).size() == 1, "the cell is explained");
            String explanation = driver.findElement(By.id("explanation")).getText();
            assertThat(explanation).contains(from + " → " + to).contains("With the draft:")
                    .contains("isolated by backend/deny-all-ingress");
            shot("connectivity");
            // narrowing the namespaces redraws the matrix
            driver.findElement(By.id("ns-frontend")).click();
            waitFor(() -> driver.findElements(By.cssSelector("#matrix-table th.row")).size() == 12, "only backend's 12 pods remain");

            // apply the draft; the demo agents pick it up and the nodes are in sync again
            driver.get(base + "/preview");
            driver.findElement(By.id("apply-button")).click();
            waitFor(() -> text("push-result").contains("Created NetworkPolicy backend/deny-all-ingress"), "the draft is created");
            assertThat(driver.getCurrentUrl()).as("Post/Redirect/Get: a refresh shows the result again, never pushes again").contains("/push/result/");
            Eventually.until("the policy is in the live model", () -> cluster.snapshot().policy("backend", "deny-all-ingress").isPresent());
            driver.get(base + "/preview");
            assertThat(text("no-change")).contains("No node's rules change");
            waitFor(() -> {
                driver.get(base + "/");
                return driver.findElements(By.cssSelector("#node-sync .badge.ok")).size() == 3;
            }, "every node reports the new ruleset");
            // the whole flow ran under the CSP (no inline script or style) without a violation
            assertThat(Chromium.cspViolations(driver)).isEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        } finally {
            client.network().v1().networkPolicies().inNamespace("backend").withName("deny-all-ingress").delete();
            Eventually.until("the applied policy is gone again", () -> cluster.snapshot().policy("backend", "deny-all-ingress").isEmpty());
        }
    }

    @Test
    void aPushFromTheComposerIsFollowedUntilEveryNodeEnforcesIt(TestInfo info) throws Exception {
        String base = "http://localhost:" + port;
        try {
            driver.get(base + "/composer?template=default-deny-ingress&namespace=data");
            driver.get(base + "/preview");
            driver.findElement(By.id("apply-button")).click();
            waitFor(() -> text("push-result").contains("Created NetworkPolicy data/default-deny-ingress"), "the draft is created");
            // htmx polls the panel every second until the demo agents report the new rulesets
            waitFor(() -> !driver.findElements(By.id("convergence-all")).isEmpty(), "the result page reaches enforced on all nodes");
            assertThat(text("convergence-text")).matches("enforced on 3 of 3 nodes in \\d+\\.\\d s");
            assertThat(driver.findElement(By.id("convergence")).getAttribute("hx-get")).as("polling stopped").isNull();
            shot("push-enforced");
            driver.get(base + "/policies/data/default-deny-ingress");
            assertThat(text("policy-enforcement")).contains("enforced on 3 of 3 nodes");
            driver.get(base + "/nodes");
            assertThat(driver.findElements(By.cssSelector("#nodes-table tr[data-state='IN_SYNC']"))).hasSize(3);
            shot("nodes");
            driver.get(base + "/nodes/node-1");
            assertThat(text("iptables-restore")).contains("*filter");
            shot("node");
            assertThat(Chromium.cspViolations(driver)).isEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        } finally {
            client.network().v1().networkPolicies().inNamespace("data").withName("default-deny-ingress").delete();
            Eventually.until("the applied policy is gone again", () -> cluster.snapshot().policy("data", "default-deny-ingress").isEmpty());
            Eventually.until("the demo agents enforce its removal", () -> nodeStates.all().stream()
                    .allMatch(n -> n.state() == io.netfence.admin.nodes.NodeState.IN_SYNC));
        }
    }

    @Test
    void anEditorWhosePolicyChangedMeanwhileGetsTheConflictPageAndRebases(TestInfo info) throws Exception {
        String base = "http://localhost:" + port;
        var policies = client.network().v1().networkPolicies().inNamespace("backend");
        try {
            var created = policies.resource(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                    .withNewMetadata().withName("conflict-demo").withNamespace("backend").addToLabels("app.kubernetes.io/managed-by", "argocd").endMetadata()
                    .withNewSpec().withNewPodSelector().addToMatchLabels("app", "api").endPodSelector()
                    .addNewIngress().addNewPort().withProtocol("TCP").withNewPort(8080).endPort().endIngress().endSpec().build()).create();
            Eventually.until("the policy is in the live model", () -> cluster.networkPolicy("backend", "conflict-demo").isPresent());
            driver.get(base + "/composer?edit=backend/conflict-demo");
            assertThat(text("draft-mode")).contains("editing").contains("backend/conflict-demo").contains(created.getMetadata().getResourceVersion());
            assertThat(driver.findElement(By.name("labels[0].key")).getAttribute("value")).isEqualTo("app.kubernetes.io/managed-by");

            // someone else changes the port and adds a label while this editor works
            policies.withName("conflict-demo").edit(np -> new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(np)
                    .editMetadata().addToLabels("reviewed-by", "bob").endMetadata()
                    .editSpec().editFirstIngress().editFirstPort().withNewPort(8081).endPort().endIngress().endSpec().build());
            WebElement port = driver.findElement(By.name("ingress[0].ports[0].port"));
            port.clear();
            port.sendKeys("9090");
            waitFor(() -> driver.findElement(By.id("yaml-editor")).getAttribute("value").contains("port: 9090"), "the YAML follows the form");
            driver.get(base + "/preview");
            assertThat(text("stale-draft")).contains("changed since you opened it");
            driver.findElement(By.id("apply-button")).click();
            waitFor(() -> !text("conflict").isEmpty(), "the conflict page");
            assertThat(text("current-yaml")).contains("reviewed-by").contains("8081");
            assertThat(text("conflict-diff")).contains("+       port: 9090");
            shot("conflict");

            driver.findElement(By.id("rebase-button")).click();
            waitFor(() -> driver.getCurrentUrl().endsWith("/preview"), "back to the preview after the rebase");
            assertThat(policies.withName("conflict-demo").get().getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal())
                    .as("a rebase never pushes").isEqualTo(8081);
            driver.findElement(By.id("apply-button")).click();
            waitFor(() -> text("push-result").contains("Updated NetworkPolicy backend/conflict-demo"), "the rebased draft is pushed");
            var now = policies.withName("conflict-demo").get();
            assertThat(now.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(9090);
            assertThat(now.getMetadata().getLabels()).containsEntry("reviewed-by", "bob").containsEntry("app.kubernetes.io/managed-by", "argocd");
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        } finally {
            policies.withName("conflict-demo").delete();
            Eventually.until("the policy is gone again", () -> cluster.networkPolicy("backend", "conflict-demo").isEmpty());
        }
    }

    @Test
    void aLabelValueWithScriptRendersAsText(TestInfo info) throws Exception {
        try {
            driver.get("http://localhost:" + port + "/composer");
            WebElement yaml = driver.findElement(By.id("yaml-editor"));
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "const t = document.getElementById('yaml-editor'); t.value = arguments[0]; t.dispatchEvent(new Event('input', {bubbles: true}));",
                    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: backend}\n"
                            + "spec: {podSelector: {matchLabels: {app: \"<script>window.pwned=1</script>\"}}}\n");
            waitFor(() -> text("draft-errors").contains("<script>window.pwned=1</script>"), "the invalid label value is reported as text");
            assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.pwned === undefined")).isEqualTo(true);
            assertThat(yaml.isDisplayed()).isTrue();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        }
    }

    @Test
    void theAuditPageListsRecordedWritesFiltersThemAndShowsMarkupAsText(TestInfo info) throws Exception {
        try {
            var current = cluster.networkPolicy("data", "postgres-from-backend").orElseThrow();
            var edited = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(current)
                    .editMetadata().addToLabels("owner", "team-data").withResourceVersion("9001").endMetadata().build();
            var alice = new io.netfence.admin.security.Actor("alice", List.of("team-data"), io.netfence.admin.security.Actor.Source.OIDC, true);
            var ci = new io.netfence.admin.security.Actor("system:serviceaccount:ci:deployer", List.of(),
                    io.netfence.admin.security.Actor.Source.TOKEN, true);
            var evil = new io.netfence.admin.security.Actor("<img src=x onerror=window.pwned=1>", List.of(),
                    io.netfence.admin.security.Actor.Source.FORM, true);
            java.time.Instant now = java.time.Instant.now();
            auditTrail.record(new io.netfence.admin.audit.AuditEntry(now.minusSeconds(120), ci,
                    io.netfence.admin.audit.AuditEntry.Verb.CREATE, "data", "postgres-from-backend", null, current));
            auditTrail.record(new io.netfence.admin.audit.AuditEntry(now.minusSeconds(60), alice,
                    io.netfence.admin.audit.AuditEntry.Verb.UPDATE, "data", "postgres-from-backend", current, edited));
            auditTrail.record(new io.netfence.admin.audit.AuditEntry(now, evil,
                    io.netfence.admin.audit.AuditEntry.Verb.DELETE, "browser-audit-xss", "gone", current, null));

            driver.get("http://localhost:" + port + "/audit");
            waitFor(() -> {
                driver.navigate().refresh();
                return driver.getPageSource().contains("onerror=window.pwned=1") && driver.getPageSource().contains("team-data");
            }, "the recorded writes are listed");
            assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.pwned === undefined")).isEqualTo(true);
            assertThat(driver.findElements(By.cssSelector("#audit-table img"))).isEmpty();

            new Select(driver.findElement(By.id("namespace"))).selectByValue("data");
            driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            waitFor(() -> driver.getCurrentUrl().contains("namespace=data"), "filtered by namespace");
            List<WebElement> rows = driver.findElements(By.cssSelector("#audit-table tr.audit-record"));
            assertThat(rows).isNotEmpty();
            assertThat(rows).allSatisfy(r -> assertThat(r.getText()).contains("data/postgres-from-backend"));
            assertThat(driver.findElement(By.id("audit-table")).getText()).doesNotContain("browser-audit-xss");
            rows.get(0).findElement(By.tagName("summary")).click();
            assertThat(rows.get(0).findElement(By.cssSelector("pre.audit-diff")).getText()).contains("+    owner: team-data");
            shot("audit");
            rows.get(0).findElement(By.linkText("data/postgres-from-backend")).click();
            waitFor(() -> driver.getCurrentUrl().endsWith("/policies/data/postgres-from-backend"), "the policy page opens");
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        }
    }

    @Test
    void thePodsPageGroupsPodsByWorkloadAndOpensAWorkloadsPods(TestInfo info) throws Exception {
        try {
            driver.get("http://localhost:" + port + "/pods?namespace=backend");
            List<String> workloads = driver.findElements(By.cssSelector("#workloads-table tr[data-workload]")).stream()
                    .map(tr -> tr.getDomAttribute("data-workload")).toList();
            assertThat(workloads).containsExactly("backend/Deployment/api", "backend/Deployment/orders", "backend/Deployment/payments",
                    "backend/Deployment/worker");
            assertThat(text("pod-count")).isEqualTo("12");
            WebElement api = driver.findElement(By.cssSelector("tr[data-workload='backend/Deployment/api']"));
            assertThat(api.findElement(By.cssSelector(".workload-kind")).getText()).isEqualTo("Deployment");
            shot("pods-workloads");
            api.findElement(By.cssSelector("a.workload-pods")).click();
            waitFor(() -> !driver.findElements(By.id("pods-table")).isEmpty(), "the workload's pods are listed");
            List<WebElement> rows = driver.findElements(By.cssSelector("#pods-table tr[data-pod]"));
            assertThat(rows).hasSize(4).allMatch(r -> r.findElement(By.cssSelector(".pod-workload")).getText().equals("Deployment/api"));
            assertThat(text("workload-filter")).isEqualTo("backend/Deployment/api");
            // the selector still filters, within the workload, on the server
            driver.findElement(By.id("selector")).sendKeys("app=orders");
            waitFor(() -> text("pod-count").equals("0"), "no api pod has app=orders");
            assertThat(Chromium.cspViolations(driver)).isEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        }
    }

    @Test
    void theMatrixByWorkloadDrillsIntoACellsPodsAndExplainsAPair(TestInfo info) throws Exception {
        String base = "http://localhost:" + port;
        try {
            driver.get(base + "/composer");
            new Select(driver.findElement(By.id("template-namespace"))).selectByValue("backend");
            driver.findElement(By.id("template-default-deny-ingress")).click();
            waitFor(() -> text("selected-count").equals("12"), "the draft selects the 12 backend pods");
            assertThat(text("selected-workload-count")).isEqualTo("4");

            driver.get(base + "/connectivity?namespace=frontend&namespace=backend&port=http");
            List<String> rows = driver.findElements(By.cssSelector("#matrix-table th.row")).stream().map(WebElement::getText).toList();
            assertThat(rows).contains("backend/Deployment/api (4)", "frontend/Deployment/web (4)");
            WebElement cell = driver.findElement(By.cssSelector("td[data-from='frontend/Deployment/web'][data-to='backend/Deployment/api']"));
            assertThat(cell.getDomAttribute("class")).isEqualTo("cell-lost");
            shot("connectivity-workloads");
            cell.findElement(By.tagName("a")).click();
            waitFor(() -> driver.findElements(By.cssSelector("#cell-table td[data-from]")).size() == 16, "the cell's 4×4 pod pairs");
            assertThat(driver.findElements(By.cssSelector("#cell-table td.cell-lost"))).hasSize(16);
            WebElement pair = driver.findElement(By.cssSelector("#cell-table td[data-from]"));
            String from = pair.getDomAttribute("data-from");
            String to = pair.getDomAttribute("data-to");
            pair.findElement(By.tagName("a")).click();
            waitFor(() -> driver.findElements(By.cssSelector("#explanation .explain-draft")).size() == 1, "the pair is explained");
            assertThat(driver.findElement(By.id("explanation")).getText()).contains(from + " → " + to + " TCP/8080")
                    .contains("isolated by backend/default-deny-ingress");
            shot("connectivity-drilldown");
            assertThat(Chromium.cspViolations(driver)).isEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        }
    }

    @Test
    void thePolicyListsNamespaceFilterSubmitsOnChangeWithoutAnInlineHandler(TestInfo info) throws Exception {
        try {
            driver.get("http://localhost:" + port + "/policies");
            new Select(driver.findElement(By.id("namespace"))).selectByValue("frontend");
            waitFor(() -> driver.getCurrentUrl().contains("namespace=frontend"), "the filter form is submitted");
            assertThat(driver.findElements(By.cssSelector("#policies-table tbody tr"))).isNotEmpty()
                    .allMatch(row -> row.findElement(By.tagName("td")).getText().equals("frontend"));
            assertThat(Chromium.cspViolations(driver)).isEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
        }
    }

    @Test
    void theContentSecurityPolicyBlocksInlineScriptsAndStyles(TestInfo info) throws Exception {
        try {
            driver.get("http://localhost:" + port + "/");
            Chromium.cspViolations(driver);
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "const s = document.createElement('script'); s.textContent = 'window.inlineRan = 1'; document.body.appendChild(s);"
                            + "const d = document.createElement('div'); d.id = 'styled'; d.setAttribute('style', 'width: 123px'); document.body.appendChild(d);");
            assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.inlineRan === undefined")).isEqualTo(true);
            assertThat(driver.findElement(By.id("styled")).getCssValue("width")).isNotEqualTo("123px");
            assertThat(Chromium.cspViolations(driver)).isNotEmpty();
        } catch (Throwable t) {
            failureShot(info);
            throw t;
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
        Path target = SHOTS.resolve(name + ".png");
        Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("netfence.docs.screenshots")) {
            Files.createDirectories(DOC_IMAGES);
            Files.copy(f.toPath(), DOC_IMAGES.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
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
