package io.netfence.agent.dataplane;

import io.netfence.agent.dataplane.Prober.Probe;
import io.netfence.agent.dataplane.Prober.Result;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.reachability.ReachabilityVerdict;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Proves one cluster state on the kernel: compiles every node's ruleset from {@code snapshot}, applies it in the
 * node namespace exactly as on a clean node, probes every pod pair (and every node → pod) with real connections
 * and compares each cell with the engine's {@link ReachabilityAnalyzer} verdict.
 */
public final class KernelCaseRunner {

    private final Topology topology;
    private final NodeRulesetCompiler compiler = new NodeRulesetCompiler();
    private final ExecutorService appliers;

    public KernelCaseRunner(Topology topology) {
        this.topology = topology;
        this.appliers = Executors.newFixedThreadPool(topology.nodes().size(), r -> {
            Thread t = new Thread(r, "ruleset-apply");
            t.setDaemon(true);
            return t;
        });
    }

    /** What to probe. {@code nodeProbes}: also from every node namespace to every pod. */
    public record Plan(String name, ClusterSnapshot snapshot, Collection<PodServers.Port> ports,
                       Collection<IpFamily> families, boolean nodeProbes) {
    }

    /** One probed cell: what the engine says and what the kernel did. */
    public record Cell(String from, String to, IpFamily family, PodServers.Port port, boolean engineAllows,
                       Result kernel, String explanation) {
        public boolean agrees() {
            return engineAllows == kernel.delivered();
        }
    }

    /** Resets every node, applies the compiled scripts, probes and compares. */
    public CaseReport run(Plan plan) {
        long start = System.nanoTime();
        Map<String, NodeRuleset> rulesets = applyAll(plan.snapshot());
        topology.flushNeighbours();
        long applied = System.nanoTime();
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(plan.snapshot());
        List<Probe> probes = new ArrayList<>();
        List<ReachabilityVerdict> verdicts = new ArrayList<>();
        List<IpFamily> families = new ArrayList<>();
        for (IpFamily family : plan.families()) {
            Map<PodNamespace, PodInfo> pods = podsOf(plan.snapshot(), family);
            for (PodServers.Port port : plan.ports()) {
                for (Map.Entry<PodNamespace, PodInfo> src : pods.entrySet()) {
                    for (Map.Entry<PodNamespace, PodInfo> dst : pods.entrySet()) {
                        String dstIp = ip(dst.getKey(), family);
                        probes.add(new Probe(src.getKey().label(), src.getKey().thread(), dst.getKey().label(), dstIp,
                                port.port(), port.protocol()));
                        verdicts.add(analyzer.verdict(Endpoint.pod(src.getValue(), ip(src.getKey(), family)),
                                Endpoint.pod(dst.getValue(), dstIp), port.port(), port.protocol()));
                        families.add(family);
                    }
                }
                if (plan.nodeProbes()) {
                    for (NodeNamespace node : topology.nodes()) {
                        for (Map.Entry<PodNamespace, PodInfo> dst : pods.entrySet()) {
                            String srcIp = sourceAddress(node, dst.getKey(), family);
                            String dstIp = ip(dst.getKey(), family);
                            probes.add(new Probe(node.nodeName(), node.thread(), dst.getKey().label(), dstIp, port.port(),
                                    port.protocol()));
                            verdicts.add(analyzer.verdict(Endpoint.nodeAddress(node.nodeName(), srcIp),
                                    Endpoint.pod(dst.getValue(), dstIp), port.port(), port.protocol()));
                            families.add(family);
                        }
                    }
                }
            }
        }
        List<Result> results = topology.prober().run(probes);
        List<Cell> cells = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            ReachabilityVerdict v = verdicts.get(i);
            cells.add(new Cell(r.probe().from(), r.probe().to(), families.get(i),
                    new PodServers.Port(r.probe().port(), r.probe().protocol()), v.allowed(), r, v.describe()));
        }
        long done = System.nanoTime();
        return new CaseReport(plan.name(), cells, rulesets, (applied - start) / 1_000_000, (done - applied) / 1_000_000);
    }

    /** The address a node sends from: its bridge address towards its own pods, its underlay address otherwise. */
    private static String sourceAddress(NodeNamespace node, PodNamespace dst, IpFamily family) {
        boolean local = dst.node() == node;
        if (family == IpFamily.IPV4) {
            return local ? node.gatewayV4() : node.underlayV4();
        }
        return local ? node.gatewayV6() : node.underlayV6();
    }

    private static String ip(PodNamespace pod, IpFamily family) {
        return family == IpFamily.IPV4 ? pod.ipv4() : pod.ipv6().orElseThrow(() ->
                new IllegalStateException("pod " + pod.label() + " has no IPv6 address: build the topology dualStack"));
    }

    /**
     * The topology's pods that the snapshot knows (with an address of {@code family}), keyed by label =
     * {@code namespace/name}. Finished pods stay: the engine still judges traffic to and from their IP. A snapshot
     * pod whose address disagrees with its namespace is a wiring error.
     */
    private Map<PodNamespace, PodInfo> podsOf(ClusterSnapshot snapshot, IpFamily family) {
        Map<PodNamespace, PodInfo> out = new LinkedHashMap<>();
        for (PodNamespace ns : topology.pods()) {
            String[] key = ns.label().split("/", 2);
            Optional<PodInfo> pod = key.length == 2 ? snapshot.pod(key[0], key[1]) : Optional.empty();
            if (pod.isEmpty() || pod.get().ips().isEmpty() || pod.get().hostNetwork()) {
                continue;
            }
            String expected = family == IpFamily.IPV4 ? ns.ipv4() : ns.ipv6().orElse(null);
            if (expected == null) {
                continue;
            }
            if (!pod.get().ips().contains(expected)) {
                throw new IllegalStateException("snapshot pod " + ns.label() + " has IPs " + pod.get().ips()
                        + " but its namespace " + ns.netns() + " has " + expected + ": build the snapshot from the topology");
            }
            if (!ns.node().nodeName().equals(pod.get().nodeName())) {
                throw new IllegalStateException("snapshot pod " + ns.label() + " is on " + pod.get().nodeName()
                        + " but its namespace hangs off " + ns.node().nodeName());
            }
            out.put(ns, pod.get());
        }
        return out;
    }

    private Map<String, NodeRuleset> applyAll(ClusterSnapshot snapshot) {
        Map<String, Future<NodeRuleset>> futures = new LinkedHashMap<>();
        for (NodeNamespace node : topology.nodes()) {
            futures.put(node.nodeName(), appliers.submit(() -> {
                NodeRuleset r = compiler.compile(snapshot, node.nodeName());
                node.reset();
                node.apply(r.ipsetRestore(), r.iptablesRestore(), r.ip6tablesRestore());
                return r;
            }));
        }
        Map<String, NodeRuleset> out = new LinkedHashMap<>();
        futures.forEach((name, f) -> {
            try {
                out.put(name, f.get());
            } catch (Exception e) {
                throw new IllegalStateException("applying the ruleset of " + name + " failed: " + e.getMessage(), e);
            }
        });
        return out;
    }
}
