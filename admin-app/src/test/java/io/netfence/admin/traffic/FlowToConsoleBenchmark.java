package io.netfence.admin.traffic;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.watch.ReviewingApiServer;
import io.netfence.admin.paging.PageRequest;
import io.netfence.watch.tls.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "flow-to-console delay", end to end through the console's own reader: the packaged node agent
 * ({@code node-agent/target/node-agent.jar}, its own process, the image's JVM flags, flow observation on, /flows over
 * TLS as the chart serves it) enforcing on a network-namespace node with a client and a server pod, and the console's
 * {@link AgentFlowSource} — agent pods found through the API server by the chart's labels, TLS trusting only the agents'
 * CA and their fixed name, the agent-audience token checked by the agent with a TokenReview and a SubjectAccessReview
 * (answered by the mock API server) — behind the console's {@link CachedFlowSource} and {@link TrafficService}, read as
 * the Traffic page reads it ({@code view(filters, page)}, filtered to the probe's port).
 * <p>
 * A probe: the client pod opens a connection to a port never used before (a new aggregate; nothing listens, the SYN is
 * what the agent observes); the time from just before the connection to the first Traffic view that lists it, the view
 * re-read every {@code netfence.bench.console.poll-ms} (100: a user who keeps reloading; an upper bound on how soon a
 * person could see it). Probes start at random phases of the cache. Per cache TTL in {@code netfence.bench.console.ttls}
 * (default {@code 5s,1s,0s}: the console's default, a short one, none): {@code netfence.bench.console.probes} probes (20).
 * <p>
 * Opt-in: {@code -Dnetfence.bench.console=true}; needs root (network namespaces, iptables, ipset) and the agent jar
 * ({@code ./mvnw -o -pl node-agent -am package -DskipTests}). The agent and the console's reader are separate modules:
 * the agent runs as the packaged jar, so admin-app takes no dependency on node-agent.
 */
@EnabledIfSystemProperty(named = "netfence.bench.console", matches = "true")
class FlowToConsoleBenchmark {

    static final String TOKEN = "bench-console-agent-audience";
    static final String AGENT_NAME = "nf-netfence-agent.netfence.svc";
    static final String NODE = "node-1";
    static final Path AGENT_JAR = Path.of("..", "node-agent", "target", "node-agent.jar");
    /** The image's JVM flags (node-agent AgentScaleBenchmark.AGENT_JVM), as a DaemonSet pod runs the agent. */
    static final List<String> AGENT_JVM = List.of("-XX:MaxRAM=512m", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=25", "-Xmn12m",
            "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10", "-XX:-ShrinkHeapInSteps", "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=96m", "-Xss512k", "-XX:MaxDirectMemorySize=32m");

    @Test
    void connectionToTrafficView() throws Exception {
        assertThat(AGENT_JAR).as("build the agent first: ./mvnw -o -pl node-agent -am package -DskipTests").exists();
        int probes = Integer.getInteger("netfence.bench.console.probes", 20);
        long pollMs = Long.getLong("netfence.bench.console.poll-ms", 100);
        List<Duration> ttls = java.util.Arrays.stream(System.getProperty("netfence.bench.console.ttls", "5s,1s,0s").split(","))
                .map(s -> Duration.parse("PT" + s.strip().toUpperCase())).toList();
        Path dir = Files.createTempDirectory("netfence-flow-console");
        String prefix = "nfc" + (ProcessHandle.current().pid() % 100000);
        try (NetnsNode net = NetnsNode.create(prefix); ReviewingApiServer api = new ReviewingApiServer(TOKEN)) {
            int port = freePort();
            TestPki pki = TestPki.newCa("agents (flow-to-console benchmark)");
            TestPki.Issued cert = pki.issue(AGENT_NAME);
            Files.writeString(dir.resolve("tls.crt"), cert.certificatePem());
            Files.writeString(dir.resolve("tls.key"), cert.keyPem());
            Files.writeString(dir.resolve("ca.crt"), pki.caPem());
            Files.writeString(dir.resolve("token"), TOKEN + "\n");
            load(api.admin(), net);
            Path log = dir.resolve("agent.log");
            Process agent = startAgent(api.url(), net.node, port, dir, log);
            try {
                AgentFlowsProperties props = new AgentFlowsProperties(true, "netfence", "app.kubernetes.io/component=agent", port,
                        dir.resolve("token"), dir.resolve("ca.crt"), AGENT_NAME, Duration.ofSeconds(3), Duration.ofSeconds(5));
                AgentFlowSource reader = new AgentFlowSource(api.admin(), props, JsonMapper.builder().build(), Clock.systemUTC());
                awaitObserving(reader, net, log);
                System.out.printf("[benchmark] flow-console | agent pid %d, /flows on https://127.0.0.1:%d (log %s) | load average %s%n",
                        agent.pid(), port, log, loadAverage());
                Random random = new Random(7);
                int nextPort = 30000;
                for (Duration ttl : ttls) {
                    java.util.concurrent.atomic.AtomicInteger agentReads = new java.util.concurrent.atomic.AtomicInteger();
                    FlowSource counted = () -> {
                        agentReads.incrementAndGet();
                        return reader.read();
                    };
                    TrafficService view = new TrafficService(ttl.isZero() ? counted : new CachedFlowSource(counted, ttl, Clock.systemUTC()));
                    String load0 = loadAverage();
                    List<Double> delays = new ArrayList<>();
                    long started = System.nanoTime();
                    for (int i = 0; i < probes; i++) {
                        // a random phase against the cache, as a connection and a page view are unrelated
                        Thread.sleep(random.nextInt((int) Math.max(1000, ttl.toMillis() + 1000)));
                        delays.add(probe(view, net, nextPort++, pollMs));
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    List<Double> sorted = delays.stream().sorted().toList();
                    System.out.printf("[benchmark] flow-console | cache %s | %d probes | connection → Traffic view p50 %.0f ms, p90 %.0f ms,"
                                    + " p99 %.0f ms, max %.0f ms, min %.0f ms | reads of every agent's /flows %.2f/s (%d in %.0f s) | load %s → %s"
                                    + " | all %s%n", ttl, delays.size(), pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                            sorted.get(sorted.size() - 1), sorted.get(0), agentReads.get() / seconds, agentReads.get(), seconds, load0, loadAverage(),
                            delays.stream().map(d -> String.format("%.0f", d)).toList());
                }
            } finally {
                agent.destroy();
                if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
        }
    }

    /** A connection from the client pod to a new port of the server pod; ms until the Traffic view lists it. */
    private static double probe(TrafficService view, NetnsNode net, int port, long pollMs) throws Exception {
        TrafficFilters filters = TrafficFilters.of(null, null, String.valueOf(port), null, "1h", null);
        long t0 = System.nanoTime();
        net.connect(port);
        long deadline = t0 + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            TrafficService.TrafficView v = view.view(filters, PageRequest.of(null, null));
            if (!v.rows().items().isEmpty()) {
                return (System.nanoTime() - t0) / 1e6;
            }
            Thread.sleep(pollMs);
        }
        throw new AssertionError("the connection to port " + port + " never reached the Traffic view in 30 s");
    }

    private static void awaitObserving(AgentFlowSource reader, NetnsNode net, Path log) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            net.connect(29999);
            FlowReadout r = reader.read();
            if (r.errors().isEmpty() && r.flows().stream().anyMatch(f -> f.port() == 29999)) {
                return;
            }
            last = r.errors().toString();
            Thread.sleep(500);
        }
        throw new AssertionError("the console never read the agent's first flow in 300 s (" + last + "); see " + log);
    }

    private static Process startAgent(String apiUrl, String nodeNetns, int port, Path dir, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        command.addAll(AGENT_JVM);
        command.addAll(List.of("-Dkubernetes.master=" + apiUrl, "-Dkubernetes.auth.tryKubeConfig=false",
                "-Dkubernetes.auth.tryServiceAccount=false", "-Dkubernetes.namespace=default", "-jar", AGENT_JAR.toString(),
                "--netfence.agent.node-name=" + NODE, "--netfence.agent.command-prefix=ip,netns,exec," + nodeNetns,
                "--netfence.agent.ipv6=false", "--netfence.agent.flows.enabled=true",
                "--netfence.agent.flows.netns=/var/run/netns/" + nodeNetns,
                // as the chart's agent DaemonSet: /flows over TLS on the server port, probes and metrics plain
                "--server.port=" + port, "--server.ssl.bundle=netfence-flows",
                "--spring.ssl.bundle.pem.netfence-flows.keystore.certificate=file:" + dir.resolve("tls.crt"),
                "--spring.ssl.bundle.pem.netfence-flows.keystore.private-key=file:" + dir.resolve("tls.key"),
                "--management.server.port=0", "--management.server.ssl.enabled=false"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        return pb.start();
    }

    private static void load(KubernetesClient k, NetnsNode net) {
        k.resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata()
                .withNewSpec().withPodCIDR(NetnsNode.POD_CIDR).withPodCIDRs(NetnsNode.POD_CIDR).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress().endStatus().build()).create();
        k.resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
        k.resource(new NamespaceBuilder().withNewMetadata().withName("netfence").endMetadata().build()).create();
        pod(k, "bench", "server", Map.of("app", "server"), NetnsNode.SERVER_IP);
        pod(k, "bench", "client", Map.of("app", "client"), NetnsNode.CLIENT_IP);
        // the agent's own pod, as the DaemonSet makes it: host network, so its IP is the node's (here: this host)
        pod(k, "netfence", "nf-netfence-agent-bench", Map.of("app.kubernetes.io/component", "agent"), "127.0.0.1");
    }

    private static void pod(KubernetesClient k, String ns, String name, Map<String, String> labels, String ip) {
        k.resource(new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(NODE).withHostNetwork("netfence".equals(ns))
                .withContainers(new ContainerBuilder().withName("main").withImage("example").build()).endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus().build()).create();
    }

    static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * One node as network namespaces: the node ({@code <prefix>-n}: bridge br0 at {@code 10.66.0.1/24}, forwarding,
     * br_netfilter calling iptables) with two pods on it ({@code <prefix>-s} server {@code 10.66.0.10}, {@code <prefix>-c}
     * client {@code 10.66.0.20}, each a veth into br0). Removed on close.
     */
    static final class NetnsNode implements AutoCloseable {
        static final String POD_CIDR = "10.66.0.0/24";
        static final String SERVER_IP = "10.66.0.10";
        static final String CLIENT_IP = "10.66.0.20";
        final String node;
        final String server;
        final String client;

        private NetnsNode(String prefix) {
            node = prefix + "-n";
            server = prefix + "-s";
            client = prefix + "-c";
        }

        static NetnsNode create(String prefix) throws IOException, InterruptedException {
            NetnsNode n = new NetnsNode(prefix);
            n.close();
            sh("modprobe br_netfilter 2>/dev/null || true\n"
                    + "ip netns add " + n.node + "\n"
                    + "ip netns exec " + n.node + " sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1\n"
                    + "ip -n " + n.node + " link set lo up\n"
                    + "ip -n " + n.node + " link add br0 type bridge\n"
                    + "ip -n " + n.node + " addr add 10.66.0.1/24 dev br0\n"
                    + "ip -n " + n.node + " link set br0 up\n"
                    + pod(n.node, n.server, "vs", SERVER_IP) + pod(n.node, n.client, "vc", CLIENT_IP));
            return n;
        }

        private static String pod(String node, String ns, String port, String ip) {
            return "ip netns add " + ns + "\n"
                    + "ip -n " + ns + " link set lo up\n"
                    + "ip link add eth0 netns " + ns + " type veth peer name " + port + " netns " + node + "\n"
                    + "ip -n " + node + " link set " + port + " master br0 up\n"
                    + "ip -n " + ns + " addr add " + ip + "/24 dev eth0\n"
                    + "ip -n " + ns + " link set eth0 up\n"
                    + "ip -n " + ns + " route add default via 10.66.0.1\n";
        }

        /** One TCP connection attempt from the client pod to the server pod's {@code port} (nothing listens: refused). */
        void connect(int port) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("ip", "netns", "exec", client, "bash", "-c",
                    "exec 3<>/dev/tcp/" + SERVER_IP + "/" + port + " || true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            sh("ip netns del " + client + " 2>/dev/null || true\nip netns del " + server + " 2>/dev/null || true\n"
                    + "ip netns del " + node + " 2>/dev/null || true\n");
        }

        private static void sh(String script) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("bash", "-e", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("network namespace setup failed: " + out);
            }
        }
    }
}
