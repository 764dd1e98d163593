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
 * Proves one cluster state on the kernel: gets every node's ruleset for {@code snapshot} into its node namespace
 * (by default exactly as on a clean node, see {@link Enforcer}), probes every pod pair (and every node → pod) with real connections
 * and compares each cell with the engine's {@link ReachabilityAnalyzer} verdict.
 */
public final class KernelCaseRunner {

    /** Gets a cluster state enforced in every node namespace; returns each node's ruleset by node name. */
    @FunctionalInterface
    public interface Enforcer {
        Map<String, NodeRuleset> enforce(Topology topology, ClusterSnapshot snapshot);
    }

    private static final ExecutorService APPLIERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ruleset-apply");
        t.setDaemon(true);
        return t;
    });

    /**
     * The rendered scripts on a clean node, as the compiler contract states: every node is reset (filter table,
     * sets, conntrack), then {@code ipset restore}, {@code iptables-restore --noflush}, {@code ip6tables-restore
     * --noflush}; nodes in parallel.
     */
    public static final Enforcer CLEAN_NODE = (topology, snapshot) -> {
        NodeRulesetCompiler compiler = new NodeRulesetCompiler();
        return onEveryNode(topology, node -> {
            NodeRuleset r = compiler.compile(snapshot, node.nodeName());
            node.reset();
            node.apply(r.ipsetRestore(), r.iptablesRestore(), r.ip6tablesRestore());
            return r;
        });
    };

    private final Topology topology;
    private final Enforcer enforcer;

    public KernelCaseRunner(Topology topology) {
        this(topology, CLEAN_NODE);
    }

    public KernelCaseRunner(Topology topology, Enforcer enforcer) {
        this.topology = topology;
        this.enforcer = enforcer;
    }

    /** Runs {@code task} for every node in parallel; results by node name, in node order. */
    public static <T> Map<String, T> onEveryNode(Topology topology, java.util.function.Function<NodeNamespace, T> task) {
        Map<String, Future<T>> futures = new LinkedHashMap<>();
        for (NodeNamespace node : topology.nodes()) {
            futures.put(node.nodeName(), APPLIERS.submit(() -> task.apply(node)));
        }
        Map<String, T> out = new LinkedHashMap<>();
        futures.forEach((name, f) -> {
            try {
                out.put(name, f.get());
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("on " + name + ": " + cause.getMessage(), cause);
            }
        });
        return out;
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
        Map<String, NodeRuleset> rulesets = enforcer.enforce(topology, plan.snapshot());
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
}
