package io.netfence.agent.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.agent.e2e.MockApiServer;
import io.netfence.watch.bench.ClusterLoader;
import io.netfence.watch.bench.EngineToFabric8;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.agent.status.StatusPublisher;
import io.netfence.engine.compile.IpSetSpec;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node agent as its own process (the packaged jar) against the CRUD mock API server loaded with the seeded
 * synthetic cluster (10,000 pods, 1,000 policies, 50 nodes), bound to a scratch network namespace. Prints
 * {@code [benchmark]} lines for docs/benchmarks.md: first sync, ipset-only and full sync durations, event →
 * status latency, RSS. Opt-in (-Dnetfence.bench=true) because it takes minutes; needs root and the packaged jar.
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
class AgentScaleBenchmark {

    static final String NODE = SyntheticCluster.nodeName(0);
    /** As in node-agent/Dockerfile, under the chart's memory limit (MaxRAM stands in for the container's cgroup limit). */
    static final String AGENT_JVM = "-XX:MaxRAM=512m -XX:+UseSerialGC -XX:MaxRAMPercentage=25 -Xmn12m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10"
            + " -XX:-ShrinkHeapInSteps -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m -Xss512k"
            + " -XX:MaxDirectMemorySize=32m ENV:MALLOC_ARENA_MAX=2";
    /** The image's flags before issue 14's memory work, under the same limit. */
    static final String AGENT_JVM_BEFORE = "-XX:MaxRAM=512m -XX:+UseSerialGC -XX:MaxRAMPercentage=40 -XX:TieredStopAtLevel=1"
            + " -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m -Xss512k -XX:MaxDirectMemorySize=32m"
            + " -Dio.netty.allocator.type=unpooled ENV:MALLOC_ARENA_MAX=2";

    @Test
    void agentAtTenThousandPods() throws Exception {
        Path jar = Path.of("target", "node-agent.jar");
        assertThat(jar).as("build the jar first: ./mvnw -o -pl node-agent -am package -DskipTests").exists();
        ClusterSnapshot snap = SyntheticCluster.generate(SyntheticCluster.Params.large(42));
        try (ScratchNetns ns = ScratchNetns.create(); MockApiServer api = new MockApiServer()) {
            KubernetesClient k = api.admin();
            ClusterLoader.load(k, snap);
            NodeRuleset expected = new NodeRulesetCompiler().compile(snap, NODE);
            System.out.println("[benchmark] " + NODE + " ruleset: " + expected.stats());

            Path log = Files.createTempFile("netfence-agent-bench", ".log");
            long start = System.nanoTime();
            Process agent = AgentProcess.start(System.getProperty("netfence.bench.agentJvm", AGENT_JVM), api, ns, jar, log, NODE);
            try {
                StatusPublisher status = new StatusPublisher(k, NODE);
                NodeFirewallStatus first = AgentProcess.awaitStatus(status, s -> expected.hash().equals(s.rulesetHash()), 300);
                System.out.printf("[benchmark] agent start → first sync reported: %d ms (first full sync itself: %d ms)%n",
                        ms(start), first.lastSyncDurationMillis());
                Thread.sleep(5000);
                System.out.println("[benchmark] agent RSS after first sync: " + AgentProcess.rss(agent.pid()));

                PodInfo member = aPeerMemberOnAnotherNode(snap, expected);
                List<Long> ipsetOnly = new ArrayList<>();
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String before = status.read().rulesetHash();
                    PodInfo clone = new PodInfo(member.namespace(), member.name() + "-bench-" + i, member.labels(),
                            List.of("10.255.0." + (i + 1)), member.nodeName(), false, "Running", member.ports());
                    long t = System.nanoTime();
                    k.resource(EngineToFabric8.pod(clone)).create();
                    NodeFirewallStatus s = AgentProcess.awaitStatus(status, st -> !before.equals(st.rulesetHash()), 30);
                    latencies.add(ms(t));
                    assertThat(s.lastSyncKind()).isEqualTo("ipset-only");
                    ipsetOnly.add(s.lastSyncDurationMillis());
                }
                System.out.println("[benchmark] ipset-only syncs (new peer pod elsewhere), ms: " + ipsetOnly
                        + "; event → status written, ms: " + latencies);

                Policy template = snap.policies().stream()
                        .filter(p -> snap.podsOnNode(NODE).stream().anyMatch(p::selects)).findFirst().orElseThrow();
                List<Long> full = new ArrayList<>();
                latencies.clear();
                for (int i = 0; i < 5; i++) {
                    String before = status.read().rulesetHash();
                    Policy copy = new Policy(template.namespace(), template.name() + "-bench-" + i, template.podSelector(),
                            template.policyTypes(), template.ingress(), template.egress());
                    long t = System.nanoTime();
                    k.resource(EngineToFabric8.policy(copy)).create();
                    NodeFirewallStatus s = AgentProcess.awaitStatus(status, st -> !before.equals(st.rulesetHash()), 30);
                    latencies.add(ms(t));
                    assertThat(s.lastSyncKind()).isEqualTo("full");
                    full.add(s.lastSyncDurationMillis());
                }
                System.out.println("[benchmark] full syncs (new policy selecting local pods), ms: " + full
                        + "; event → status written, ms: " + latencies);
                System.out.println("[benchmark] agent RSS at the end: " + AgentProcess.rss(agent.pid()));
            } finally {
                agent.destroy();
                agent.waitFor();
                System.out.println("[benchmark] agent log: " + log);
            }
        }
    }

    /**
     * Agent memory by JVM settings, each against the same loaded cluster: peak and current RSS after the first sync,
     * and the JVM's own account (Native Memory Tracking). -Dnetfence.bench.memory=true; each setting is one line of
     * flags, {@code ENV:NAME=value} tokens set the agent's environment,
     * a {@code JAR:path} token runs another build of the agent (before/after a dependency change, side by side).
     */
    @Test
    @EnabledIfSystemProperty(named = "netfence.bench.memory", matches = "true")
    void agentMemoryByJvmSettings() throws Exception {
        Path jar = Path.of("target", "node-agent.jar");
        // -Dnetfence.bench.memory.pods=50000: the same shape at another size (nodes and namespaces grow with the pods)
        int pods = Integer.getInteger("netfence.bench.memory.pods", 10_000);
        ClusterSnapshot snap = SyntheticCluster.generate(pods == 10_000 ? SyntheticCluster.Params.large(42)
                : new SyntheticCluster.Params(pods, 1_000, pods / 200, pods / 100, 0.0, 42));
        List<String> settings = List.of(System.getProperty("netfence.bench.memory.settings", String.join("|",
                AGENT_JVM_BEFORE + " NMT:off", AGENT_JVM + " NMT:off", AGENT_JVM + " NMT:off", AGENT_JVM + " NMT:off", AGENT_JVM)).split("\\|"))
                .stream().map(x -> x.replace("AGENT_JVM", AGENT_JVM)).toList();  // "AGENT_JVM" in a setting: the image's flags (scripts/bench)
        // -Dnetfence.bench.memory.api=stream|crud: BenchApiServer (the default above 10,000 pods: the CRUD mock cannot
        // hold 50k pods here) or the paging CRUD mock (the default at 10,000, as in the rounds before)
        boolean stream = "stream".equals(System.getProperty("netfence.bench.memory.api", pods > 10_000 ? "stream" : "crud"));
        int syncTimeout = Math.max(300, pods / 50);
        BenchResults out = new BenchResults();
        int run = 0;
        try (ScratchNetns ns = ScratchNetns.create(); AutoCloseable server = stream ? new BenchApiServer() : new MockApiServer()) {
            KubernetesClient k = server instanceof BenchApiServer b ? b.admin() : ((MockApiServer) server).admin();
            String url = server instanceof BenchApiServer b ? b.url() : ((MockApiServer) server).url();
            if (server instanceof BenchApiServer b) {
                b.load(snap);
            } else {
                ClusterLoader.load(k, snap);
            }
            System.out.println("[benchmark] memory | " + pods + " pods, " + snap.policies().size() + " policies, " + snap.nodes().size()
                    + " nodes | API server: " + (stream ? "BenchApiServer (pods pre-serialised)" : "paging CRUD mock"));
            NodeRuleset expected = new NodeRulesetCompiler().compile(snap, NODE);
            for (String setting : settings) {
                Path log = Files.createTempFile("netfence-agent-mem", ".log");
                java.time.Instant started = java.time.Instant.now();
                // NMT costs memory itself (~6 MB at 10,000 pods): "NMT:off" measures RSS as a pod would have it
                boolean nmtOn = !setting.contains("NMT:off");
                Process agent = AgentProcess.start(nmtOn ? setting + " -XX:NativeMemoryTracking=summary" : setting.replace("NMT:off", ""),
                        url, ns.name(), jar, log, NODE, List.of());
                PeakMemorySampler peak = Boolean.getBoolean("netfence.bench.memory.peak") ? new PeakMemorySampler(agent.pid(), nmtOn) : null;
                // -Dnetfence.bench.memory.trace=DIR: RSS split and threads every 20 ms, smaps at each new high, NMT each second
                String traceDir = System.getProperty("netfence.bench.memory.trace");
                MemoryTrace trace = traceDir == null ? null
                        : new MemoryTrace(agent.pid(), nmtOn, Files.createTempFile(Path.of(traceDir), "agent-mem-", ".trace"));
                try {
                    long t0 = System.nanoTime();
                    // this agent's own first sync, not the status the previous one left behind
                    AgentProcess.awaitStatus(new StatusPublisher(k, NODE), s -> expected.hash().equals(s.rulesetHash()) && s.lastSyncTime() != null
                            && java.time.Instant.parse(s.lastSyncTime()).isAfter(started), syncTimeout);
                    long firstSync = ms(t0);
                    if (peak != null) {
                        peak.close();
                        System.out.println("[benchmark] memory peak | " + setting + " | first sync " + firstSync + " ms after start | "
                                + peak.report());
                    }
                    Thread.sleep(5000);
                    String rssFirst = AgentProcess.rss(agent.pid());
                    long rssKbFirst = AgentProcess.rssKb(agent.pid());
                    long peakKbFirst = AgentProcess.peakRssKb(agent.pid());
                    if (trace != null) {
                        System.out.println("[benchmark] memory trace | " + setting + " | first sync " + firstSync + " ms after start | "
                                + trace.report());
                        trace.close();
                    }
                    String nmt = nmtOn ? AgentProcess.jcmd(agent.pid(), "VM.native_memory summary") : "";
                    List<String> totals = nmt.lines().filter(l -> l.matches("^(Total|-\\s+(Java Heap|Class|Thread|Code|GC|Internal|Other|Metaspace|Arena Chunk|Symbol)).*"))
                            .map(l -> l.replaceAll("\\s+", " ").replaceAll("\\(reserved=\\d+KB, ", "(")).toList();
                    String rss = rssFirst;
                    // GC.class_histogram collects first: its total is the live heap
                    String histogram = AgentProcess.jcmd(agent.pid(), "GC.class_histogram");
                    String live = histogram.lines().filter(l -> l.startsWith("Total")).findFirst().map(l -> l.replaceAll("\\s+", " "))
                            .orElse("?");
                    System.out.printf("[benchmark] memory | %s | first sync after %d ms | %s | live heap (objects, bytes): %s | NMT %s | load %s%n",
                            setting, firstSync, rss, live, totals, AgentProcess.loadAverage());
                    if (setting.strip().equals(AGENT_JVM + " NMT:off")) {
                        // the suite's samples: the image's flags only (the other settings are comparisons)
                        int policies = snap.policies().size();
                        out.add("memory", pods, policies, "first-sync", "rss", "MB", run, rssKbFirst / 1024.0);
                        out.add("memory", pods, policies, "first-sync", "peak-rss", "MB", run, peakKbFirst / 1024.0);
                        if (live.startsWith("Total")) {
                            out.add("memory", pods, policies, "first-sync", "live-heap", "MB", run, Long.parseLong(live.split(" ")[2]) / 1e6);
                        }
                        out.add("memory", pods, policies, "first-sync", "time", "ms", run, firstSync);
                        run++;
                    }
                    int top = Integer.getInteger("netfence.bench.memory.histogram", 0);
                    if (top > 0) {
                        System.out.println("[benchmark] memory mappings " + largestMappings(agent.pid()));
                        // the live set by class: what the agent holds after its first sync
                        histogram.lines().limit(top + 3L)
                                .forEach(l -> System.out.println("[benchmark] memory histogram " + l));
                        nmt.lines().filter(l -> l.startsWith("-") || l.contains("committed="))
                                .forEach(l -> System.out.println("[benchmark] memory nmt " + l.strip()));
                    }
                } finally {
                    if (trace != null) {
                        trace.close();
                    }
                    agent.destroy();
                    agent.waitFor();
                    System.out.println("[benchmark] memory agent log: " + log);
                }
            }
        }
    }

    /** RSS by mapping (anonymous ones by address), largest first: where the resident memory is, NMT or not. */
    private static String largestMappings(long pid) throws Exception {
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        String current = "?";
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps"))) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 5 && f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                current = f.length >= 6 ? f[5] : "anon " + f[0];
            } else if (f[0].equals("Rss:")) {
                byName.merge(current, Long.parseLong(f[1]), Long::sum);
            }
        }
        long anon = byName.entrySet().stream().filter(e -> e.getKey().startsWith("anon") || e.getKey().startsWith("[")).mapToLong(e -> e.getValue()).sum();
        long total = byName.values().stream().mapToLong(Long::longValue).sum();
        return "anon " + anon / 1024 + " MB, files " + (total - anon) / 1024 + " MB; largest (kB): " + byName.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static PodInfo aPeerMemberOnAnotherNode(ClusterSnapshot snap, NodeRuleset r) {
        for (IpSetSpec set : r.ipsets()) {
            if (!set.type().equals("hash:ip") || set.name().startsWith("nfh")) {
                continue;
            }
            for (String ip : set.entries()) {
                for (PodInfo p : snap.pods()) {
                    if (p.ips().contains(ip) && !NODE.equals(p.nodeName()) && !p.hostNetwork()) {
                        return p;
                    }
                }
            }
        }
        throw new IllegalStateException("no peer set member found");
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
