package io.netfence.admin.bench;

import io.netfence.admin.ConsoleHttp;
import io.netfence.engine.synthetic.SyntheticCluster;
import io.netfence.watch.RestartableApiServer;
import io.netfence.watch.bench.ClusterLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as its own process (the packaged jar) watching a CRUD mock API server that pages LISTs like a real one,
 * loaded with the synthetic cluster (10,000 pods dressed as real ones, 1,000 policies, 50 nodes): RSS once the live
 * model is loaded and after a round of page views, per JVM setting. Opt-in (-Dnetfence.bench=true); needs the jar:
 * {@code ./mvnw -o -pl admin-app -am package -DskipTests}.
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
class ConsoleScaleBenchmark {

    /** As admin-app/Dockerfile under the chart's 1 GiB limit, then a serial-collector setting for comparison. */
    static final String SETTINGS = String.join("|",
            "-XX:MaxRAM=1g -XX:MaxRAMPercentage=70",
            "-XX:MaxRAM=1g -XX:+UseSerialGC -XX:MaxRAMPercentage=40 -XX:ReservedCodeCacheSize=48m ENV:MALLOC_ARENA_MAX=2");
    static final List<String> PAGES = List.of("/", "/policies", "/policies?namespace=monitoring", "/composer", "/api/v1/policies", "/audit");

    /**
     * {@code /preview} below previews the policy as opened for editing (unchanged); this previews a real edit of it (an
     * ingress rule added), so the candidate nodes are compiled with the draft: POST /api/v1/preview, the JSON the page shows.
     */
    static final String EDITED_PREVIEW = "POST /api/v1/preview ({policy} with a rule added)";

    /**
     * Every page and JSON endpoint of the console (GET), for the server-time and size budgets of issue 10: {ns}, {policy}
     * and {node} are filled from the loaded cluster.
     */
    static final List<String> EVERY_PAGE = List.of("/", "/api/v1/overview",
            "/pods", "/pods?view=pods", "/pods?namespace={ns}", "/pods?view=pods&selector=app%3Dnothing-matches",
            "/api/v1/pods", "/api/v1/pods?namespace={ns}", "/api/v1/workloads", "/api/v1/namespaces",
            "/policies", "/policies?namespace={ns}", "/policies/{policy}", "/api/v1/policies", "/api/v1/policies/{policy}",
            "/composer", "/composer?edit={policy}", "/preview", "/connectivity", "/connectivity?namespace={ns}",
            "/nodes", "/api/v1/nodes", "/nodes/{node}", "/api/v1/nodes/{node}", "/audit", "/api/v1/audit", "/api/v1/export?namespace={ns}",
            EDITED_PREVIEW);


    @Test
    void consoleAtTenThousandPods() throws Exception {
        // -Dnetfence.bench.jars=/tmp/before.jar|target/admin-app.jar: several builds against the same loaded API server, in turn
        List<Path> jars = java.util.Arrays.stream(System.getProperty("netfence.bench.jars", "target/admin-app.jar").split("\\|"))
                .map(Path::of).toList();
        jars.forEach(jar -> assertThat(jar).as("build the jar first").exists());
        try (RestartableApiServer api = new RestartableApiServer()) {
            ClusterLoader.load(api.admin(), SyntheticCluster.generate(SyntheticCluster.Params.large(42)));
            Path kubeconfig = Files.createTempFile("netfence-bench-kubeconfig", ".yaml");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "%s"}}]
                    contexts: [{name: mock, context: {cluster: mock, user: bench, namespace: default}}]
                    current-context: mock
                    users: [{name: bench, user: {token: not-checked}}]
                    """.formatted(api.url()));
            String hash = new BCryptPasswordEncoder().encode("bench");
            for (Path jar : jars) for (String setting : System.getProperty("netfence.bench.console.settings", SETTINGS).split("\\|")) {
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                Path log = Files.createTempFile("netfence-console-bench", ".log");
                List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
                ProcessBuilder pb = new ProcessBuilder();
                for (String token : setting.split(" ")) {
                    if (token.startsWith("ENV:")) {
                        String[] kv = token.substring(4).split("=", 2);
                        pb.environment().put(kv[0], kv[1]);
                    } else {
                        command.add(token);
                    }
                }
                command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--netfence.demo=false",
                        "--netfence.kubeconfig=" + kubeconfig, "--netfence.console.users[0].name=bench",
                        "--netfence.console.users[0].password=" + hash, "--netfence.console.users[0].role=viewer"));
                long t0 = System.nanoTime();
                Process console = pb.command(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                try {
                    awaitReady(port, console, log);
                    long ready = (System.nanoTime() - t0) / 1_000_000;
                    Thread.sleep(3000);
                    String afterLoad = rss(console.pid());
                    ConsoleHttp http = ConsoleHttp.login(port, "bench", "bench");
                    StringBuilder pages = new StringBuilder();
                    for (String page : PAGES) {
                        long p0 = System.nanoTime();
                        HttpResponse<String> r = http.get(page);
                        pages.append(String.format(" %s %d ms %d KB (%d);", page, (System.nanoTime() - p0) / 1_000_000,
                                r.body().length() / 1024, r.statusCode()));
                    }
                    System.out.printf("[benchmark] console | %s | %s | ready after %d ms | after load %s | pages:%s | after pages %s | %s%n",
                            jar, setting, ready, afterLoad, pages, rss(console.pid()), liveHeap(console.pid()));
                    if (Boolean.getBoolean("netfence.bench.pages")) {
                        everyPage(http, Integer.getInteger("netfence.bench.pages.runs", 10));
                        System.out.printf("[benchmark] console | %s | %s | after every page %s | %s%n", jar, setting, rss(console.pid()),
                                liveHeap(console.pid()));
                    }
                } finally {
                    console.destroy();
                    console.waitFor();
                    System.out.println("[benchmark] console log: " + log);
                }
            }
        }
    }

    /**
     * Server time and bytes of every page: one warm-up request, then {@code runs} requests each; the time is measured by
     * the client on localhost (the console's own work, rendering and transfer; no browser). Prints median, p90, max and
     * bytes per page, and a line per page over budget (300 ms p90, 500 KB).
     */
    static void everyPage(ConsoleHttp http, int runs) throws Exception {
        // the informers may still be catching up on a loaded machine: measure the whole model only
        long deadline = System.nanoTime() + 600_000_000_000L;
        String first = http.get("/api/v1/pods?limit=1").body();
        while (total(first) < 10_000) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the console never had 10,000 pods: " + first.substring(0, Math.min(500, first.length())));
            }
            Thread.sleep(2000);
            first = http.get("/api/v1/pods?limit=1").body();
        }
        var pods = com.jayway.jsonpath.JsonPath.parse(first);
        var policies = com.jayway.jsonpath.JsonPath.parse(http.get("/api/v1/policies?limit=1").body());
        String ns = policies.read("$.items[0].namespace");
        String policy = ns + "/" + policies.read("$.items[0].name");
        String node = pods.read("$.items[0].node");
        System.out.printf("[benchmark] every page: %d runs each after one warm-up; ns=%s policy=%s node=%s; load %s%n", runs, ns, policy, node,
                Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println("[benchmark] page | median ms | p90 ms | max ms | KB | status");
        List<String> over = new ArrayList<>();
        // -Dnetfence.bench.pages.only=/policies/{policy},/api/v1/policies/{policy}: re-measure just those pages
        String only = System.getProperty("netfence.bench.pages.only", "");
        List<String> templates = only.isBlank() ? EVERY_PAGE : List.of(only.split(","));
        for (String template : templates) {
            String page = template.replace("{ns}", ns).replace("{policy}", policy).replace("{node}", node);
            boolean edited = template.equals(EDITED_PREVIEW);
            // each edited preview adds another port, so no request is answered from what an earlier one compiled
            get(http, page, edited ? editedPreview(http, policy, 9999) : null);
            long[] ms = new long[runs];
            HttpResponse<String> r = null;
            HttpRequest post = null;
            List<Object> computed = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                post = edited ? editedPreview(http, policy, 9000 + i) : null;
                long t0 = System.nanoTime();
                r = get(http, page, post);
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
                if (edited && r.statusCode() == 200) {
                    computed.add(com.jayway.jsonpath.JsonPath.read(r.body(), "$.computeMillis"));
                }
            }
            if (post != null) {
                // the preview's own account: analysis, compile and diff (the rest of the request is traffic, policy diff, JSON)
                System.out.printf("[benchmark] (the edited preview's computeMillis per request: %s)%n", computed);
                System.out.printf("[benchmark] (the edited preview changes %s nodes; status %d)%n", r.statusCode() != 200 ? "?"
                        : r.body().contains("\"totalItemCount\"") ? com.jayway.jsonpath.JsonPath.read(r.body(), "$.metadata.totalItemCount").toString()
                        : com.jayway.jsonpath.JsonPath.read(r.body(), "$.changedNodes.length()").toString(), r.statusCode());
            }
            java.util.Arrays.sort(ms);
            long p90 = ms[(int) Math.ceil(runs * 0.9) - 1];
            int kb = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 1024;
            System.out.printf("[benchmark] %s | %d | %d | %d | %d | %d%n", page, ms[runs / 2], p90, ms[runs - 1], kb, r.statusCode());
            if (p90 >= 300 || kb >= 500 || r.statusCode() != 200) {
                over.add(page + " (p90 " + p90 + " ms, " + kb + " KB, " + r.statusCode() + ")");
            }
        }
        System.out.println("[benchmark] over budget: " + (over.isEmpty() ? "none" : String.join("; ", over)));
    }

    private static HttpResponse<String> get(ConsoleHttp http, String page, HttpRequest post) throws Exception {
        return post == null ? http.get(page) : http.send(post);
    }

    /** The stored policy as JSON with one more ingress rule (on {@code port}): a change every node hosting its pods compiles. */
    @SuppressWarnings("unchecked")
    private static HttpRequest editedPreview(ConsoleHttp http, String policy, int port) throws Exception {
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        java.util.Map<String, Object> detail = json.readValue(http.get("/api/v1/policies/" + policy).body(), java.util.Map.class);
        java.util.Map<String, Object> object = (java.util.Map<String, Object>) detail.get("object");
        java.util.Map<String, Object> spec = (java.util.Map<String, Object>) object.get("spec");
        List<Object> ingress = new ArrayList<>(spec.get("ingress") == null ? List.of() : (List<Object>) spec.get("ingress"));
        ingress.add(java.util.Map.of("ports", List.of(java.util.Map.of("protocol", "TCP", "port", port))));
        spec.put("ingress", ingress);
        List<Object> types = new ArrayList<>(spec.get("policyTypes") == null ? List.of() : (List<Object>) spec.get("policyTypes"));
        if (!types.contains("Ingress")) {
            types.add("Ingress");
        }
        spec.put("policyTypes", types);
        return http.request("/api/v1/preview").header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", http.csrf()).POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(object))).build();
    }

    private static int total(String list) {
        try {
            return com.jayway.jsonpath.JsonPath.read(list, "$.metadata.totalItemCount");
        } catch (RuntimeException notAList) {
            return -1;
        }
    }

    private static void awaitReady(int port, Process console, Path log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!console.isAlive()) {
                throw new AssertionError("the console exited: see " + log);
            }
            try {
                var r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                String text = Files.readString(log);
                // on a loaded machine the initial lists can take longer than the console waits; everyPage then waits for all pods
                if (r.statusCode() == 200 && (text.contains("live model loaded") || text.contains("serving what has arrived"))) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("console not ready in 10 min: see " + log);
    }

    /** The heap in use right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}): what the console keeps. */
    private static String liveHeap(long pid) throws Exception {
        String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        // G1: "garbage-first heap   total 262144K, used 120000K"; serial: "def new generation ... used", "tenured generation ... used"
        long usedK = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^ ?(garbage-first heap|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K")
                .matcher(out);
        while (m.find()) {
            usedK += Long.parseLong(m.group(2));
        }
        // -Dnetfence.bench.histogram=N: the N largest classes of that live heap
        int top = Integer.getInteger("netfence.bench.histogram", 0);
        if (top > 0) {
            Process h = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
            List<String> lines = new String(h.getInputStream().readAllBytes()).lines().toList();
            h.waitFor();
            lines.stream().limit(top + 3L).forEach(l -> System.out.println("[benchmark] histogram " + l));
        }
        return "live heap after GC " + usedK / 1024 + " MB";
    }

    private static String rss(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ")).toList().toString();
    }
}
