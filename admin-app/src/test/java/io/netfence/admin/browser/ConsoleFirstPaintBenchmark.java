package io.netfence.admin.browser;

import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * First paint of every console page in headless Chromium with the demo grown to 10,000 pods (about 210 namespaces, 840
 * policies, 10 nodes): {@code performance.getEntriesByType('paint')} first-contentful-paint per page, median and max of
 * {@code -Dnetfence.bench.paint.runs} loads (default 5) after one warm-up. Not a timed test: it prints numbers for
 * docs/benchmarks.md and runs only with {@code -Dnetfence.bench=true}:
 * {@code ./mvnw -B -o -pl admin-app -am verify -Dtest=ConsoleFirstPaintBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dnetfence.bench=true}
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"netfence.demo=true", "netfence.demo.pods=10000"})
class ConsoleFirstPaintBenchmark {

    static final List<String> PAGES = List.of("/", "/pods", "/pods?view=pods", "/policies", "/policies/team-001/default-deny",
            "/composer", "/composer?edit=team-001/default-deny", "/preview", "/connectivity", "/connectivity?namespace=team-001&namespace=team-002", "/nodes", "/nodes/node-1", "/audit");

    @LocalServerPort
    int port;
    @Autowired
    LiveCluster cluster;

    @Test
    void firstPaintOfEveryPageAtTenThousandPods() throws Exception {
        Eventually.until("10,000 pods in the live model", () -> cluster.snapshot().pods().size() >= 10_000);
        var s = cluster.snapshot();
        String policy = s.policies().stream().filter(p -> p.namespace().startsWith("team-")).findFirst().orElseThrow().key();
        int runs = Integer.getInteger("netfence.bench.paint.runs", 5);
        WebDriver driver = Chromium.start("paint-bench");
        try {
            String base = "http://localhost:" + port;
            BrowserLogin.as(driver, base, "editor", "editor");
            System.out.printf("[benchmark] first paint: %d pods, %d policies, %d nodes, %d runs per page; load %s%n", s.pods().size(),
                    s.policies().size(), s.nodes().size(), runs, Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.println("[benchmark] page | first-contentful-paint median ms | max ms | response end median ms");
            List<String> over = new ArrayList<>();
            for (String template : PAGES) {
                // two namespaces of the grown demo that exist (team-002 does not: its namespaces are numbered differently)
                List<String> teams = s.namespaces().stream().map(io.netfence.engine.model.NamespaceInfo::name)
                        .filter(n -> n.startsWith("team-")).limit(2).toList();
                String page = template.replace("team-001/default-deny", policy).replace("namespace=team-001", "namespace=" + teams.get(0))
                        .replace("namespace=team-002", "namespace=" + teams.get(1));
                load(driver, base + page);
                long[] paint = new long[runs];
                long[] response = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long[] t = load(driver, base + page);
                    paint[i] = t[0];
                    response[i] = t[1];
                }
                Arrays.sort(paint);
                Arrays.sort(response);
                System.out.printf("[benchmark] %s | %d | %d | %d%n", page, paint[runs / 2], paint[runs - 1], response[runs / 2]);
                if (paint[runs / 2] >= 1000) {
                    over.add(page + " (" + paint[runs / 2] + " ms)");
                }
            }
            System.out.println("[benchmark] first paint over 1 s: " + (over.isEmpty() ? "none" : String.join("; ", over)));
        } finally {
            driver.quit();
        }
    }

    /** Loads the page; returns first-contentful-paint and responseEnd, ms since navigation start. */
    private static long[] load(WebDriver driver, String url) {
        driver.get(url);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Object fcp = null;
        for (int i = 0; i < 50 && fcp == null; i++) {
            fcp = js.executeScript("const e = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');"
                    + " return e ? Math.round(e.startTime) : null;");
            if (fcp == null) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Object responseEnd = js.executeScript("return Math.round(performance.getEntriesByType('navigation')[0].responseEnd);");
        return new long[]{fcp == null ? -1 : ((Number) fcp).longValue(), ((Number) responseEnd).longValue()};
    }
}
