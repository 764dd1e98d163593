package io.netfence.agent.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.agent.apply.DesiredDataplane;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.apply.ExpectedKernel;
import io.netfence.agent.kernel.KernelState;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.agent.status.StatusPublisher;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import io.netfence.engine.synthetic.SyntheticCluster;
import io.netfence.watch.bench.EngineToFabric8;
import io.netfence.watch.bench.RealisticPods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Target 6 of issue 14, pod churn: the agent (its own process, the image's JVM flags, a scratch network namespace)
 * enforces {@code node-00} of the seeded synthetic cluster, served by {@link BenchApiServer} (the CRUD mock accepts
 * ~70 writes/s), while the API server sees {@code R} pod operations per
 * second for {@code D} seconds (written in-process, sent to the agent's watch over HTTP), half creates (clones of random existing pods, so they match the policies' selectors,
 * on a random one of the 50 nodes, dressed as real pods) and half deletes of random pods, so the pod count stays put.
 * Measured: the agent's CPU (utime + stime of its process) during the churn and after it, its sync count (log lines),
 * RSS and live heap (after a full GC) before and after, and at the end: the status hash equals a fresh compile of the
 * final cluster, and the kernel's netfence objects equal that compile's dataplane ({@link ExpectedKernel}).
 * Opt-in: {@code -Dnetfence.bench=true -Dnetfence.bench.churn=true}; {@code -Dnetfence.bench.churn.pods} (10000),
 * {@code .rate} (100 operations/s), {@code .seconds} (60). Needs root and the packaged jar.
 */
@EnabledIfSystemProperty(named = "netfence.bench.churn", matches = "true")
class AgentChurnBenchmark {

    static final String NODE = SyntheticCluster.nodeName(0);

    @Test
    void podChurnAtScale() throws Exception {
        int pods = Integer.getInteger("netfence.bench.churn.pods", 10_000);
        int rate = Integer.getInteger("netfence.bench.churn.rate", 100);
        int seconds = Integer.getInteger("netfence.bench.churn.seconds", 60);
        Path jar = Path.of("target", "node-agent.jar");
        assertThat(jar).as("build the jar first: ./mvnw -o -pl node-agent -am package -DskipTests").exists();
        ClusterSnapshot snap = SyntheticCluster.generate(new SyntheticCluster.Params(pods, pods / 10, 50, Math.max(10, pods / 100), 0.0, 42));
        BenchResults out = new BenchResults();
        try (ScratchNetns ns = ScratchNetns.create(); BenchApiServer api = new BenchApiServer()) {
            KubernetesClient k = api.admin();
            api.load(snap);
            Path log = Files.createTempFile("netfence-agent-churn", ".log");
            java.time.Instant started = java.time.Instant.now();
            Process agent = AgentProcess.start(AgentScaleBenchmark.AGENT_JVM, api.url(), ns.name(), jar, log, NODE, List.of());
            try {
                StatusPublisher status = new StatusPublisher(k, NODE);
                String firstHash = new NodeRulesetCompiler().compile(snap, NODE).hash();
                AgentProcess.awaitStatus(status, s -> firstHash.equals(s.rulesetHash()) && s.lastSyncTime() != null
                        && java.time.Instant.parse(s.lastSyncTime()).isAfter(started), 300);
                Thread.sleep(5000);
                long rssBefore = AgentProcess.rssKb(agent.pid());
                long liveBefore = AgentProcess.liveHeapBytes(agent.pid());
                long syncsBefore = AgentProcess.syncLines(log);
                long cpuBefore = AgentProcess.cpuTicks(agent.pid());

                Churn churn = new Churn(api.pods(), snap, new Random(7));
                List<Long> rssDuring = new ArrayList<>();
                long t0 = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                long periodNanos = 1_000_000_000L / rate;
                AtomicInteger failed = new AtomicInteger();
                for (int i = 0; i < rate * seconds; i++) {
                    long due = t0 + i * periodNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    boolean create = i % 2 == 0;
                    pool.submit(() -> {
                        try {
                            if (create) {
                                churn.create();
                            } else {
                                churn.delete();
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    });
                    if (i % rate == 0) {
                        rssDuring.add(AgentProcess.rssKb(agent.pid()));
                    }
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
                double churnSeconds = (System.nanoTime() - t0) / 1e9;
                long cpuChurn = AgentProcess.cpuTicks(agent.pid()) - cpuBefore;
                long syncsChurn = AgentProcess.syncLines(log) - syncsBefore;

                ClusterSnapshot last = churn.snapshot();
                // the fresh compile below must see the pods the agent was served
                assertThat(api.pods().keys()).as("the API server's pods == the driver's mirror").isEqualTo(churn.keys());
                NodeRuleset expected = new NodeRulesetCompiler().compile(last, NODE);
                long tSettle = System.nanoTime();
                NodeFirewallStatus end = AgentProcess.awaitStatus(status, s -> expected.hash().equals(s.rulesetHash()), 120);
                double settleMs = (System.nanoTime() - tSettle) / 1e6;
                DesiredDataplane want = new DesiredDataplaneFactory(false).build(expected, last);
                KernelState kernel = new KernelStateReader(ns.runner(), false).read(false);
                boolean kernelMatches = ExpectedKernel.matches(kernel, ExpectedKernel.of(want), want);

                Thread.sleep(30_000);
                long cpuIdle = AgentProcess.cpuTicks(agent.pid()) - cpuBefore - cpuChurn;
                long rssAfter = AgentProcess.rssKb(agent.pid());
                long liveAfter = AgentProcess.liveHeapBytes(agent.pid());
                double cores = cpuChurn / 100.0 / churnSeconds;
                System.out.printf("[benchmark] churn | %d pods / %d policies | %d ops in %.1f s (%.0f/s, %d failed; %d creates, %d deletes,"
                                + " %d of them on %s) | agent CPU %.2f s = %.1f%% of a core | %d syncs | settled %.0f ms after the last op"
                                + " | RSS before %d MB, during max %d MB, 30 s after %d MB | live heap before %.1f MB, after %.1f MB"
                                + " | status hash == fresh compile: %s | kernel == fresh compile: %s | CPU in the 30 s after: %.2f s | load %s%n",
                        pods, pods / 10, rate * seconds, churnSeconds, rate * seconds / churnSeconds, failed.get(), churn.created.get(),
                        churn.deleted.get(), churn.local.get(), NODE, cpuChurn / 100.0, 100 * cores, syncsChurn, settleMs,
                        rssBefore / 1024, rssDuring.stream().mapToLong(Long::longValue).max().orElse(0) / 1024, rssAfter / 1024,
                        liveBefore / 1e6, liveAfter / 1e6, expected.hash().equals(end.rulesetHash()), kernelMatches, cpuIdle / 100.0,
                        AgentProcess.loadAverage());
                out.add("churn", pods, pods / 10, "churn", "achieved-rate", "ops/s", 0, rate * seconds / churnSeconds);
                out.add("churn", pods, pods / 10, "churn", "cpu", "% of a core", 0, 100 * cores);
                out.add("churn", pods, pods / 10, "churn", "syncs", "count", 0, syncsChurn);
                out.add("churn", pods, pods / 10, "churn", "rss-growth", "MB", 0, (rssAfter - rssBefore) / 1024.0);
                out.add("churn", pods, pods / 10, "churn", "live-heap-growth", "MB", 0, (liveAfter - liveBefore) / 1e6);
                assertThat(failed.get()).as("API operations that failed").isZero();
                assertThat(kernelMatches).as("kernel == a fresh compile of the final cluster").isTrue();
            } finally {
                agent.destroy();
                agent.waitFor();
                System.out.println("[benchmark] agent log: " + log);
            }
        }
    }

    /** The churn driver: creates clones of random pods, deletes random pods, and mirrors the cluster for the check. */
    static final class Churn {
        private final PodStream api;
        private final ClusterSnapshot base;
        private final Random random;
        private final ConcurrentHashMap<String, PodInfo> pods = new ConcurrentHashMap<>();
        private final List<PodInfo> templates;
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger deleted = new AtomicInteger();
        final AtomicInteger local = new AtomicInteger();
        private final AtomicInteger seq = new AtomicInteger();

        Churn(PodStream api, ClusterSnapshot base, Random random) {
            this.api = api;
            this.base = base;
            this.random = random;
            base.pods().forEach(p -> pods.put(key(p), p));
            this.templates = base.pods().stream().filter(p -> !p.hostNetwork()).toList();
        }

        void create() {
            int n = seq.incrementAndGet();
            PodInfo t;
            int node;
            synchronized (random) {
                t = templates.get(random.nextInt(templates.size()));
                node = random.nextInt(50);
            }
            PodInfo p = new PodInfo(t.namespace(), t.name() + "-churn-" + n, t.labels(),
                    List.of("10.250." + (n / 250) + "." + (n % 250 + 1)), SyntheticCluster.nodeName(node), false, "Running", t.ports());
            api.create(RealisticPods.dress(EngineToFabric8.pod(p), 100_000 + n));
            pods.put(key(p), p);
            created.incrementAndGet();
            if (NODE.equals(p.nodeName())) {
                local.incrementAndGet();
            }
        }

        void delete() {
            PodInfo victim;
            synchronized (random) {
                List<String> keys = new ArrayList<>(pods.keySet());
                victim = pods.remove(keys.get(random.nextInt(keys.size())));
            }
            if (victim == null) {
                return;
            }
            if (!api.delete(victim.namespace(), victim.name())) {
                throw new IllegalStateException("pod " + key(victim) + " was not on the API server");
            }
            deleted.incrementAndGet();
            if (NODE.equals(victim.nodeName())) {
                local.incrementAndGet();
            }
        }

        java.util.Set<String> keys() {
            return java.util.Set.copyOf(pods.keySet());
        }

        ClusterSnapshot snapshot() {
            return ClusterSnapshot.of(base.namespaces(), pods.values(), base.nodes(), base.policies(), base.clusterNetworkPolicies());
        }

        private static String key(PodInfo p) {
            return p.namespace() + "/" + p.name();
        }
    }
}
