package io.netfence.agent.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.agent.bench.BenchResults;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import io.netfence.watch.bench.ClusterLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.netfence.agent.e2e.ApiObjects.allowFrom;
import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.ApiObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Target 4 of issue 14: API write → the first probe that sees the new verdict, with real packets. The agent (in this
 * JVM, default debounce 50 ms / max delay 250 ms) enforces {@code node-00} of a seeded synthetic cluster loaded into the
 * CRUD mock API server (its ~N/50 synthetic local pods have rules but no network namespaces), plus two real pods on
 * that node's network namespace: {@code web} (server) and {@code client}. Events, each timed from just before the API
 * call to the end of the first TCP probe (client → web, one socat per probe) with the new verdict:
 * <ul>
 * <li>{@code policy-create}: a new policy isolating web (client not allowed) — probe flips to rejected; it is deleted
 *     again (untimed) before the next event;</li>
 * <li>{@code label-change}: with web isolated to peers labelled {@code from=allowed}, the client's label is switched to
 *     allowed (probe flips to connected) and back (flips to rejected); both directions are samples.</li>
 * </ul>
 * Opt-in: {@code -Dnetfence.bench=true}; scales {@code -Dnetfence.bench.event.scales=PODS:POLICIES,...} (default
 * 10000:5000), events per case {@code -Dnetfence.bench.events} (default 20). Needs root.
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
class EventToEnforcedBenchmark {

    static final String NODE = SyntheticCluster.nodeName(0);
    static final String NS = "bench-e2e";
    static final String WEB = "10.77.1.10";
    static final String CLIENT = "10.77.1.11";

    @Test
    void apiWriteToFirstProbeWithTheNewVerdict() throws Exception {
        BenchResults out = new BenchResults();
        int events = Integer.getInteger("netfence.bench.events", 20);
        for (String scale : System.getProperty("netfence.bench.event.scales", "10000:5000").split(",")) {
            String[] pp = scale.strip().split(":");
            run(out, Integer.parseInt(pp[0]), Integer.parseInt(pp[1]), events);
        }
    }

    private void run(BenchResults out, int pods, int policies, int events) throws Exception {
        ClusterSnapshot snap = SyntheticCluster.generate(new SyntheticCluster.Params(pods, policies, 50, Math.max(10, pods / 100), 0.0, 42));
        try (MockApiServer api = new MockApiServer(); MiniCluster cluster = new MiniCluster(1)) {
            KubernetesClient k = api.admin();
            long l0 = System.nanoTime();
            ClusterLoader.load(k, snap);
            System.out.printf("[benchmark] event | %d pods / %d policies | loaded %d objects in %d ms%n", pods, policies,
                    snap.pods().size() + snap.policies().size(), (System.nanoTime() - l0) / 1_000_000);
            k.resource(namespace(NS, Map.of())).create();
            cluster.addPod("web", 1, WEB);
            cluster.addPod("client", 1, CLIENT);
            k.resource(pod(NS, "web", Map.of("app", "web"), NODE, WEB, MiniCluster.TCP_PORT)).create();
            k.resource(pod(NS, "client", Map.of("from", "denied"), NODE, CLIENT, MiniCluster.TCP_PORT)).create();
            try (RunningAgent agent = RunningAgent.start(api, NODE, cluster.nodeNetns(1), Map.of(
                    "netfence.agent.sync.debounce", "50ms", "netfence.agent.sync.max-delay", "250ms",
                    "netfence.agent.resync-period", "5m", "netfence.agent.heartbeat", "60s"))) {
                await("first sync", 300_000, () -> agent.tracker().firstSyncDone());
                await("client → web open before any policy", 30_000, () -> cluster.tcp("client", WEB));

                List<Double> create = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    String name = "isolate-web-" + i;
                    long t0 = System.nanoTime();
                    k.resource(allowFrom(NS, name, Map.of("app", "web"), Map.of("from", "allowed"), MiniCluster.TCP_PORT)).create();
                    await("policy create → rejected", 60_000, () -> !cluster.tcp("client", WEB));
                    double ms = (System.nanoTime() - t0) / 1e6;
                    create.add(ms);
                    out.add("event", pods, policies, "policy-create", "latency", "ms", i, ms);
                    k.network().v1().networkPolicies().inNamespace(NS).withName(name).delete();
                    await("policy delete → open again", 60_000, () -> cluster.tcp("client", WEB));
                }
                report(pods, policies, "policy create", create);

                k.resource(allowFrom(NS, "isolate-web", Map.of("app", "web"), Map.of("from", "allowed"), MiniCluster.TCP_PORT)).create();
                await("isolated", 60_000, () -> !cluster.tcp("client", WEB));
                List<Double> label = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    boolean allow = i % 2 == 0;
                    long t0 = System.nanoTime();
                    k.pods().inNamespace(NS).withName("client").edit(p -> {
                        p.getMetadata().getLabels().put("from", allow ? "allowed" : "denied");
                        return p;
                    });
                    await("label change → " + (allow ? "open" : "rejected"), 60_000, () -> cluster.tcp("client", WEB) == allow);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    label.add(ms);
                    out.add("event", pods, policies, "label-change", "latency", "ms", i, ms);
                }
                report(pods, policies, "pod label change", label);
                assertThat(agent.tracker().last().ok()).isTrue();
            }
        }
    }

    private static void report(int pods, int policies, String what, List<Double> ms) {
        List<Double> s = ms.stream().sorted().toList();
        System.out.printf("[benchmark] event | %d pods / %d policies | %s → enforced, %d events | p50 %.0f ms | p99 %.0f ms"
                        + " | min %.0f | max %.0f | all %s%n", pods, policies, what, s.size(), percentile(s, 50), percentile(s, 99),
                s.get(0), s.get(s.size() - 1), ms.stream().map(d -> String.valueOf(Math.round(d))).toList());
    }

    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static void await(String what, long timeoutMs, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (ok.getAsBoolean()) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError(what + ": not within " + timeoutMs + " ms");
    }
}
