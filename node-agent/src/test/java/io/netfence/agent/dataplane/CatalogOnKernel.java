package io.netfence.agent.dataplane;

import io.netfence.agent.dataplane.KernelCaseRunner.Cell;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.truthtable.ModelCluster;
import io.netfence.engine.truthtable.PodMatrix;
import io.netfence.engine.truthtable.Probe;
import io.netfence.engine.truthtable.TruthTableCase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's truth-table catalog on a {@link Topology}: the nine model pods in namespaces spread over three nodes,
 * the model fed with the namespaces' real addresses, and each case's outcome checked against the catalog's stated
 * matrices and the analyzer.
 */
public final class CatalogOnKernel {

    /** Node of each model pod: same-namespace and cross-namespace pairs on one node, the rest across nodes. */
    public static final Map<String, Integer> PLACEMENT = placement();

    private final Topology topology;
    private final KernelCaseRunner runner;

    public CatalogOnKernel(Topology topology, KernelCaseRunner.Enforcer enforcer) {
        this.topology = topology;
        this.runner = new KernelCaseRunner(topology, enforcer);
    }

    private static Map<String, Integer> placement() {
        Map<String, Integer> p = new LinkedHashMap<>();
        p.put("x/a", 0);
        p.put("x/b", 0);
        p.put("y/a", 0);
        p.put("x/c", 1);
        p.put("y/b", 1);
        p.put("z/a", 1);
        p.put("y/c", 2);
        p.put("z/b", 2);
        p.put("z/c", 2);
        return p;
    }

    /** Three dual-stack nodes with the nine model pods, serving the model's ports on TCP and UDP. */
    public static Topology topology() {
        Topology.Builder b = Topology.builder().nodes(3).dualStack(true);
        PLACEMENT.forEach(b::pod);
        Topology topo = b.build();
        List<PodServers.Port> ports = new ArrayList<>();
        for (int port : ModelCluster.PORTS) {
            ModelCluster.PROTOCOLS.forEach(proto -> ports.add(new PodServers.Port(port, proto)));
        }
        topo.serve(ports);
        return topo;
    }

    /** The model with the topology's addresses; {@code family} first (probed), the other family too when dual-stack. */
    public ModelCluster model(IpFamily family, boolean dualStack) {
        ModelCluster.Builder b = ModelCluster.builder();
        for (NodeNamespace n : topology.nodes()) {
            b.node(n.nodeName(), n.nodeInfo().addresses().toArray(String[]::new));
        }
        for (PodNamespace p : topology.pods()) {
            String v4 = p.ipv4();
            String v6 = p.ipv6().orElseThrow();
            if (!dualStack) {
                b.pod(p.label(), p.node().nodeName(), family == IpFamily.IPV4 ? v4 : v6);
            } else if (family == IpFamily.IPV4) {
                b.pod(p.label(), p.node().nodeName(), v4, v6);
            } else {
                b.pod(p.label(), p.node().nodeName(), v6, v4);
            }
        }
        return b.build();
    }

    /** The case's snapshot, with the nodes as the cluster reports them (addresses and pod CIDRs). */
    public ClusterSnapshot snapshot(TruthTableCase c, ModelCluster model) {
        ClusterSnapshot s = c.snapshot(model);
        List<NodeInfo> nodes = topology.nodes().stream().map(NodeNamespace::nodeInfo).toList();
        return ClusterSnapshot.of(s.namespaces(), s.pods(), nodes, s.policies());
    }

    /**
     * Enforces and probes one case; empty when the kernel agrees with the catalog and the analyzer everywhere,
     * else the readable report (with the scripts when {@code withScripts}).
     */
    public Optional<String> prove(TruthTableCase c, IpFamily family, boolean dualStack, boolean withScripts) {
        ModelCluster model = model(family, dualStack);
        List<PodServers.Port> ports = c.probes().stream().map(p -> new PodServers.Port(p.port(), p.protocol())).distinct().toList();
        String name = c.name() + " (" + family + (dualStack ? ", dual-stack" : "") + ")";
        CaseReport report = runner.run(new KernelCaseRunner.Plan(name, snapshot(c, model), ports, List.of(family), true));

        StringBuilder problems = new StringBuilder();
        for (Probe probe : c.probes()) {
            PodMatrix kernel = kernelMatrix(report, family, probe);
            if (!probe.expected().mismatches(kernel).isEmpty()) {
                problems.append("catalog matrix vs kernel, ").append(probe.name()).append(":\n")
                        .append(probe.expected().diff(kernel)).append('\n');
            }
        }
        if (!report.agrees()) {
            problems.append(report.describeMismatches());
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("truth table " + name + ": " + c.description() + "\n");
        c.mutations().forEach(m -> sb.append("mutation: ").append(m.describe()).append('\n'));
        sb.append("placement: ").append(PLACEMENT).append("\n\n").append(problems);
        if (withScripts) {
            sb.append('\n').append(report.scripts());
        }
        return Optional.of(sb.toString());
    }

    /**
     * The case's policies before its mutations (labels as in the plain model), checked against the analyzer only:
     * the catalog states matrices for the mutated state. Followed by {@link #prove} it makes a pure label change.
     */
    public Optional<String> proveBeforeMutations(TruthTableCase c, IpFamily family, boolean dualStack) {
        ModelCluster model = model(family, dualStack);
        ClusterSnapshot s = model.snapshot(c.policies(model), List.of());
        List<NodeInfo> nodes = topology.nodes().stream().map(NodeNamespace::nodeInfo).toList();
        List<PodServers.Port> ports = c.probes().stream().map(p -> new PodServers.Port(p.port(), p.protocol())).distinct().toList();
        CaseReport report = runner.run(new KernelCaseRunner.Plan(c.name() + " before its mutations (" + family + ")",
                ClusterSnapshot.of(s.namespaces(), s.pods(), nodes, s.policies()), ports, List.of(family), true));
        return report.agrees() ? Optional.empty() : Optional.of(report.describeMismatches());
    }

    private static PodMatrix kernelMatrix(CaseReport report, IpFamily family, Probe probe) {
        Map<String, Boolean> delivered = new LinkedHashMap<>();
        for (Cell cell : report.cells()) {
            if (cell.family() == family && cell.port().port() == probe.port() && cell.port().protocol() == probe.protocol()) {
                delivered.put(cell.from() + "\0" + cell.to(), cell.kernel().delivered());
            }
        }
        return PodMatrix.of(ModelCluster.POD_KEYS, ModelCluster.POD_KEYS, (from, to) -> {
            Boolean d = delivered.get(from + "\0" + to);
            if (d == null) {
                throw new IllegalStateException("no probe " + from + " -> " + to + " " + probe.name());
            }
            return d;
        });
    }
}
