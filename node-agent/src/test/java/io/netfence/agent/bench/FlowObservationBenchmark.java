package io.netfence.agent.bench;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.watch.ReviewingApiServer;
import io.netfence.agent.dataplane.NamespaceThread;
import io.netfence.agent.dataplane.NodeNamespace;
import io.netfence.agent.dataplane.PodNamespace;
import io.netfence.agent.dataplane.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "measure and record": the node agent (its own process, the image's JVM flags, flow observation on) on a
 * one-node network-namespace cluster while this benchmark's generator opens {@code rate} new TCP connections per second
 * (default 1,000) for {@code seconds} (30) from a client pod to a server pod: 80 % from addresses a NetworkPolicy allows,
 * 20 % from addresses it denies (rejected), spread over 190 source addresses of the client pod so that no address pair
 * exceeds the per-pair log limit (10/s) and the node limit (1,000/s) is what the kernel applies. Measured per run: the
 * agent's CPU (utime + stime of its process / wall time) idle and under load, its RSS (VmRSS) before and the maximum
 * during the load, the flow-to-{@code /flows} delay (a connection on a port never seen before, from an address of its
 * own, every 1.5 s during the load: the time until the agent's {@code /flows} — read as the console reads it, bearer
 * token through TokenReview and SubjectAccessReview — lists it), and the kernel's accounting: connections made vs. the
 * flow-log rules' packet counters (logged) vs. the agent's aggregated counts, i.e. what the hashlimits dropped from the
 * log. After the runs: the live heap (after a full GC) and peak RSS, and a 10 s phase of {@code rate}/s from a single
 * address pair, which the per-pair limit must cut to at most burst + 10/s.
 * <p>
 * Opt-in: {@code -Dnetfence.bench=true -Dnetfence.bench.flows=true}; {@code -Dnetfence.bench.flows.rate},
 * {@code .seconds}, {@code .runs} (3). Needs root and the packaged jar ({@code target/node-agent.jar}).
 */
@EnabledIfSystemProperty(named = "netfence.bench.flows", matches = "true")
class FlowObservationBenchmark {

    static final int PORT = 9000;
    static final String TOKEN = "bench-console";
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Host parts of the client pod's extra addresses: 64–191 allowed (two /26 ipBlocks), 192–254 denied. */
    static final int ALLOWED_FROM = 64;
    static final int ALLOWED_TO = 190;   // 191 is the delay probes' own address
    static final int PROBE_HOST = 191;
    static final int DENIED_FROM = 192;
    static final int DENIED_TO = 254;
    static final int PAIR_PER_SECOND = 10;
    static final int PAIR_BURST = 20;

    @Test
    void agentObservingNewConnections() throws Exception {
        int rate = Integer.getInteger("netfence.bench.flows.rate", 1000);
        int seconds = Integer.getInteger("netfence.bench.flows.seconds", 30);
        int runs = Integer.getInteger("netfence.bench.flows.runs", 3);
        int threads = Integer.getInteger("netfence.bench.flows.threads", 4);
        Path jar = Path.of("target", "node-agent.jar");
        assertThat(jar).as("build the jar first: ./mvnw -o -pl node-agent -am package -DskipTests").exists();
        BenchResults out = new BenchResults();
        try (Topology t = Topology.builder().nodes(1).pod("server", 0).pod("client", 0).build(); ReviewingApiServer api = new ReviewingApiServer(TOKEN)) {
            NodeNamespace node = t.node(0);
            PodNamespace server = t.pod("server");
            PodNamespace client = t.pod("client");
            String net = server.ipv4().substring(0, server.ipv4().lastIndexOf('.') + 1);
            StringBuilder addrs = new StringBuilder();
            for (int h = ALLOWED_FROM; h <= DENIED_TO; h++) {
                addrs.append("addr add ").append(net).append(h).append("/24 dev eth0\n");
            }
            sh(List.of("ip", "-n", client.netns(), "-batch", "-"), addrs.toString());
            load(api.admin(), node, server, client, net);

            List<NamespaceThread> clientThreads = new ArrayList<>();
            for (int i = 0; i < threads + 1; i++) {
                clientThreads.add(new NamespaceThread(client.netns()));
            }
            ExecutorService drivers = Executors.newFixedThreadPool(threads + 1);
            Path log = Files.createTempFile("netfence-agent-flows", ".log");
            // /flows as the chart serves it: TLS from the mounted Secret on the server port, probes and metrics plain
            io.netfence.watch.tls.TestPki pki = io.netfence.watch.tls.TestPki.newCa("agents (benchmark)");
            Path secret = pki.writeSecret(Files.createTempDirectory("netfence-flows-tls"), pki.issue("localhost"));
            Process agent = AgentProcess.start(AgentScaleBenchmark.AGENT_JVM, api.url(), node.netns(), jar, log, node.nodeName(), List.of(
                    "--netfence.agent.flows.enabled=true", "--netfence.agent.flows.netns=/var/run/netns/" + node.netns(),
                    "--server.ssl.bundle=netfence-flows",
                    "--spring.ssl.bundle.pem.netfence-flows.keystore.certificate=file:" + secret.resolve("tls.crt"),
                    "--spring.ssl.bundle.pem.netfence-flows.keystore.private-key=file:" + secret.resolve("tls.key"),
                    "--management.server.port=0", "--management.server.ssl.enabled=false"));
            try (DatapathBenchmark.Acceptor acceptor = DatapathBenchmark.Acceptor.start(server.thread(), "0.0.0.0", PORT)) {
                Flows flows = new Flows(agent, log, pki);
                awaitReady(flows, node, clientThreads.get(0), net, server.ipv4());
                System.out.printf("[benchmark] flows | agent pid %d, log %s | load average before: %s%n", agent.pid(), log, loadAverage());
                for (int run = 0; run < runs; run++) {
                    runOnce(run, rate, seconds, threads, agent.pid(), flows, node, clientThreads, drivers, net, server.ipv4(), out);
                }
                long live = AgentProcess.liveHeapBytes(agent.pid());
                System.out.printf("[benchmark] flows | after %d runs: live heap %.1f MB (after a full GC), %s | %d aggregates | load average %s%n",
                        runs, live / 1e6, AgentProcess.rss(agent.pid()), flows.read().path("flows").size(), loadAverage());
                out.add("flows", 2, 1, "after-runs", "live-heap", "MB", 0, live / 1e6);
                out.add("flows", 2, 1, "after-runs", "rss", "MB", 0, AgentProcess.rssKb(agent.pid()) / 1024.0);
                onePair(rate, agent.pid(), flows, node, clientThreads.subList(0, threads), drivers, net, server.ipv4(), out);
                System.out.printf("[benchmark] flows | load average after: %s%n", loadAverage());
            } finally {
                drivers.shutdownNow();
                clientThreads.forEach(NamespaceThread::close);
                agent.destroy();
                if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
        }
    }

    private static void runOnce(int run, int rate, int seconds, int threads, long pid, Flows flows, NodeNamespace node,
                                List<NamespaceThread> clientThreads, ExecutorService drivers, String net, String serverIp, BenchResults out) throws Exception {
        long idle0 = AgentProcess.cpuTicks(pid);
        long tIdle = System.nanoTime();
        Thread.sleep(5000);
        double idleCores = (AgentProcess.cpuTicks(pid) - idle0) / 100.0 / ((System.nanoTime() - tIdle) / 1e9);
        Counters before = Counters.read(node);
        Totals flowsBefore = flows.totals();
        long rssBefore = AgentProcess.rssKb(pid);
        int readsBefore = flows.reads;

        long cpu0 = AgentProcess.cpuTicks(pid);
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        List<Future<long[]>> gens = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            gens.add(drivers.submit(() -> clientThreads.get(index).call(() -> generate(index, threads, rate, t0, end, net, serverIp))));
        }
        List<Double> delays = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        int k = 0;
        long nextProbe = t0 + 1_000_000_000L;
        long nextRss = t0;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now >= nextRss) {
                rss.add(AgentProcess.rssKb(pid));
                nextRss += 1_000_000_000L;
            }
            if (now >= nextProbe && now < end - 2_000_000_000L) {
                int port = 20000 + run * 100 + k++;
                delays.add(probeDelay(clientThreads.get(threads), flows, net + PROBE_HOST, serverIp, port));
                nextProbe += 1_500_000_000L;
            }
            Thread.sleep(10);
        }
        long made = 0;
        long allowedOk = 0;
        long deniedRefused = 0;
        long failures = 0;
        for (Future<long[]> g : gens) {
            long[] r = g.get();
            made += r[0];
            allowedOk += r[1];
            deniedRefused += r[2];
            failures += r[3];
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cores = (AgentProcess.cpuTicks(pid) - cpu0) / 100.0 / wall;
        Thread.sleep(1500); // the reader's last batch (≤ 100 ms) and the aggregator
        Counters after = Counters.read(node);
        Totals flowsAfter = flows.totals();
        long loggedAllow = after.logAllow - before.logAllow;
        long loggedDeny = after.logDeny - before.logDeny;
        long rejected = after.drops - before.drops;
        long aggAllow = flowsAfter.allowed - flowsBefore.allowed - delays.size();
        long aggDeny = flowsAfter.denied - flowsBefore.denied;
        Collections.sort(delays);
        double p50 = delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2);
        double max = delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1);
        long rssMax = rss.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("[benchmark] flows | run %d | %d new connections in %.1f s = %.0f/s (%d allowed and connected, %d denied and refused,"
                        + " %d other failures) | agent CPU idle %.1f%% of a core, under load %.1f%% | RSS before %d MB, max during %d MB"
                        + " | kernel: %d rejected by the drop rule; flow log rules matched %d allow + %d deny (the rest dropped from the log"
                        + " by the hashlimits: %d allow, %d deny) | agent aggregated %d allow + %d deny (lost between kernel and agent: %d)"
                        + " | flow → /flows delay over %d probes: p50 %.0f ms, max %.0f ms, all %s | %d /flows reads | load %s%n",
                run, made, wall, made / wall, allowedOk, deniedRefused, failures, 100 * idleCores, 100 * cores, rssBefore / 1024,
                rssMax / 1024, rejected, loggedAllow, loggedDeny, Math.max(0, allowedOk + delays.size() - loggedAllow),
                Math.max(0, rejected - loggedDeny), aggAllow, aggDeny, (loggedAllow - delays.size() - aggAllow) + (loggedDeny - aggDeny),
                delays.size(), p50, max, delays.stream().map(d -> String.format("%.0f", d)).toList(), flows.reads - readsBefore, loadAverage());
        out.add("flows", 2, 1, "load", "achieved-rate", "conn/s", run, made / wall);
        out.add("flows", 2, 1, "load", "cpu", "% of a core", run, 100 * cores);
        out.add("flows", 2, 1, "idle", "cpu", "% of a core", run, 100 * idleCores);
        out.add("flows", 2, 1, "load", "rss-max", "MB", run, rssMax / 1024.0);
        out.add("flows", 2, 1, "load", "flow-to-flows-p50", "ms", run, p50);
        out.add("flows", 2, 1, "load", "flow-to-flows-max", "ms", run, max);
        out.add("flows", 2, 1, "load", "logged-share", "%", run, 100.0 * (loggedAllow + loggedDeny) / Math.max(1, allowedOk + delays.size() + rejected));
        out.add("flows", 2, 1, "load", "aggregated-share-of-logged", "%", run, 100.0 * (aggAllow + delays.size() + aggDeny) / Math.max(1, loggedAllow + loggedDeny));
    }

    /** 10 s of {@code rate}/s from one allowed address: the per-pair limit logs at most its burst plus 10/s. */
    private static void onePair(int rate, long pid, Flows flows, NodeNamespace node, List<NamespaceThread> clientThreads, ExecutorService drivers,
                                String net, String serverIp, BenchResults out) throws Exception {
        Counters before = Counters.read(node);
        long t0 = System.nanoTime();
        long end = t0 + 10_000_000_000L;
        List<Future<long[]>> gens = new ArrayList<>();
        for (int i = 0; i < clientThreads.size(); i++) {
            int index = i;
            gens.add(drivers.submit(() -> clientThreads.get(index).call(() -> generateFrom(index, clientThreads.size(), rate, t0, end,
                    net + ALLOWED_FROM, serverIp))));
        }
        long ok = 0;
        for (Future<long[]> g : gens) {
            ok += g.get()[1];
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1000);
        long logged = Counters.read(node).logAllow - before.logAllow;
        long bound = PAIR_BURST + (long) Math.ceil(PAIR_PER_SECOND * wall);
        System.out.printf("[benchmark] flows | one address pair | %d connections in %.1f s (%.0f/s) | logged %d (per-pair limit %d/s burst %d:"
                + " at most %d) | dropped from the log %d%n", ok, wall, ok / wall, logged, PAIR_PER_SECOND, PAIR_BURST, bound, ok - logged);
        out.add("flows", 2, 1, "one-pair", "logged", "count", 0, logged);
        out.add("flows", 2, 1, "one-pair", "connections", "count", 0, ok);
        assertThat(logged).as("the per-pair limit").isLessThanOrEqualTo(bound);
    }

    /**
     * Paced connections from this thread's share of the sources: every fifth from a denied address.
     * Returns {made, allowed and connected, denied and refused, other failures}.
     */
    private static long[] generate(int index, int threads, int rate, long t0, long end, String net, String serverIp) {
        long period = 1_000_000_000L * threads / rate;
        InetSocketAddress to = new InetSocketAddress(serverIp, PORT);
        int allowedCount = ALLOWED_TO - ALLOWED_FROM + 1;
        int deniedCount = DENIED_TO - DENIED_FROM + 1;
        long[] r = new long[4];
        for (long i = 0; ; i++) {
            long due = t0 + (long) (i * period + (double) index * period / threads);
            if (due >= end) {
                return r;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            long n = i * threads + index;
            boolean deny = n % 5 == 4;
            String from = net + (deny ? DENIED_FROM + (int) ((n / 5) % deniedCount) : ALLOWED_FROM + (int) (n % allowedCount));
            r[0]++;
            int outcome = connect(new InetSocketAddress(from, 0), to);
            if (outcome == 0 && !deny) {
                r[1]++;
            } else if (outcome == 1 && deny) {
                r[2]++;
            } else {
                r[3]++;
            }
        }
    }

    private static long[] generateFrom(int index, int threads, int rate, long t0, long end, String from, String serverIp) {
        long period = 1_000_000_000L * threads / rate;
        InetSocketAddress to = new InetSocketAddress(serverIp, PORT);
        long[] r = new long[2];
        for (long i = 0; ; i++) {
            long due = t0 + (long) (i * period + (double) index * period / threads);
            if (due >= end) {
                return r;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            r[0]++;
            if (connect(new InetSocketAddress(from, 0), to) == 0) {
                r[1]++;
            }
        }
    }

    /** 0 connected, 1 refused (a reject, or nothing listening), 2 anything else. */
    private static int connect(InetSocketAddress from, InetSocketAddress to) {
        try (SocketChannel s = SocketChannel.open()) {
            s.setOption(StandardSocketOptions.SO_LINGER, 0);
            s.bind(from);
            s.connect(to);
            return 0;
        } catch (java.net.ConnectException e) {
            return 1;
        } catch (IOException e) {
            return 2;
        }
    }

    /** One connection to a port never used before; ms until the agent's /flows lists it. */
    private static double probeDelay(NamespaceThread thread, Flows flows, String from, String serverIp, int port) throws Exception {
        long t0 = System.nanoTime();
        thread.call(() -> connect(new InetSocketAddress(from, 0), new InetSocketAddress(serverIp, port)));
        long deadline = t0 + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode f : flows.read().path("flows")) {
                if (f.path("port").asInt() == port && f.path("source").path("ip").asString().equals(from)) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            }
            Thread.sleep(5);
        }
        return Double.NaN;
    }

    private static void awaitReady(Flows flows, NodeNamespace node, NamespaceThread client, String net, String serverIp) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            String rules = node.sh("iptables-save -t filter");
            if (rules.contains("netfence flow allow") && rules.contains("netfence drop ingress bench/server")) {
                int denied = client.call(() -> connect(new InetSocketAddress(net + DENIED_FROM, 0), new InetSocketAddress(serverIp, PORT)));
                int allowed = client.call(() -> connect(new InetSocketAddress(net + ALLOWED_FROM, 0), new InetSocketAddress(serverIp, PORT)));
                try {
                    if (denied == 1 && allowed == 0 && flows.read().path("observing").asBoolean()) {
                        return;
                    }
                } catch (IllegalStateException | IOException notYet) {
                    // the HTTP server is not up yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the agent did not enforce and observe within 300 s; see its log");
    }

    private static void load(KubernetesClient k, NodeNamespace node, PodNamespace server, PodNamespace client, String net) {
        k.resource(new NodeBuilder().withNewMetadata().withName(node.nodeName()).endMetadata()
                .withNewSpec().withPodCIDR(node.podCidrV4()).withPodCIDRs(node.podCidrV4()).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(node.underlayV4()).endAddress().endStatus().build()).create();
        k.resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
        for (PodNamespace p : List.of(server, client)) {
            k.resource(new PodBuilder().withNewMetadata().withNamespace("bench").withName(p.label()).withLabels(Map.of("app", p.label())).endMetadata()
                    .withNewSpec().withNodeName(node.nodeName()).withContainers(new ContainerBuilder().withName("main").withImage("example")
                            .addNewPort().withName("conn").withContainerPort(PORT).withProtocol("TCP").endPort().build()).endSpec()
                    .withNewStatus().withPhase("Running").withPodIP(p.ipv4()).addNewPodIP().withIp(p.ipv4()).endPodIP().endStatus().build()).create();
        }
        k.resource(new NetworkPolicyBuilder().withNewMetadata().withNamespace("bench").withName("server").endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(Map.of("app", "server")).endPodSelector()
                .addNewIngress().addNewFrom().withNewIpBlock().withCidr(net + "64/26").endIpBlock().endFrom()
                .addNewFrom().withNewIpBlock().withCidr(net + "128/26").endIpBlock().endFrom().endIngress()
                .withPolicyTypes("Ingress").endSpec().build()).create();
    }

    /** Packet counters of the node's flow-log rules and drop rules. */
    record Counters(long logAllow, long logDeny, long drops) {
        private static final Pattern COUNTER = Pattern.compile("^\\[(\\d+):\\d+] ");

        static Counters read(NodeNamespace node) {
            long allow = 0;
            long deny = 0;
            long drops = 0;
            for (String line : node.sh("iptables-save -c -t filter").split("\n")) {
                Matcher m = COUNTER.matcher(line);
                if (!m.find()) {
                    continue;
                }
                long packets = Long.parseLong(m.group(1));
                if (line.contains("--nflog-prefix \"netfence flow allow")) {
                    allow += packets;
                } else if (line.contains("--nflog-prefix \"netfence flow deny")) {
                    deny += packets;
                } else if (line.contains("\"netfence drop ingress")) {
                    drops += packets;
                }
            }
            return new Counters(allow, deny, drops);
        }
    }

    record Totals(long allowed, long denied) {
    }

    /** The agent's /flows, read with a bearer token as the console reads it. */
    static final class Flows {
        private final HttpClient http;
        private final Process agent;
        private final Path log;
        private volatile int port;
        int reads;

        Flows(Process agent, Path log, io.netfence.watch.tls.TestPki ca) throws Exception {
            this.agent = agent;
            this.log = log;
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.caCertificate());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(2)).build();
        }

        JsonNode read() throws Exception {
            if (port == 0) {
                port = agentPort();
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/flows"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            reads++;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/flows: " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        }

        Totals totals() throws Exception {
            long allowed = 0;
            long denied = 0;
            for (JsonNode f : read().path("flows")) {
                switch (f.path("verdict").asString()) {
                    case "allowed" -> allowed += f.path("count").asLong();
                    case "denied" -> denied += f.path("count").asLong();
                    default -> { }
                }
            }
            return new Totals(allowed, denied);
        }

        /** The TLS port Tomcat logged ("Tomcat started on port 12345 (https)"); the management port is plain. */
        private int agentPort() throws IOException {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent exited; see " + log);
            }
            Matcher m = Pattern.compile("Tomcat started on port[s]?\\D*(\\d+) \\(https\\)").matcher(Files.readString(log));
            if (!m.find()) {
                throw new IllegalStateException("the agent has not started its HTTP server yet");
            }
            return Integer.parseInt(m.group(1));
        }
    }


    private static void sh(List<String> argv, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes());
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(argv + " → " + output);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
