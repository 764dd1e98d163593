package io.netfence.agent.dataplane;

import io.netfence.agent.dataplane.KernelCaseRunner.Cell;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.truthtable.ModelCluster;
import io.netfence.engine.truthtable.PodMatrix;
import io.netfence.engine.truthtable.Probe;
import io.netfence.engine.truthtable.TruthTableCase;
import io.netfence.engine.truthtable.TruthTableCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * Every case of the engine's truth-table catalog, proven on the kernel: the nine model pods live in network
 * namespaces spread over three node namespaces (same-node pairs in one namespace and across namespaces, and
 * cross-node pairs), each node gets the scripts {@code NodeRulesetCompiler} renders for it, and every pod pair
 * plus every node → pod is probed with real TCP and UDP connections. The kernel must agree cell by cell with the
 * catalog's stated 9×9 matrices and with {@code ReachabilityAnalyzer} (node → pod included).
 */
@RequiresRoot(tools = {"ip", "iptables", "ip6tables", "iptables-restore", "ip6tables-restore", "ipset", "conntrack"},
        features = {KernelFeature.NETNS, KernelFeature.BR_NETFILTER, KernelFeature.IPV6, KernelFeature.SETNS})
class DataplaneTruthTableTest {

    /** Node of each model pod: same-namespace and cross-namespace pairs on one node, the rest across nodes. */
    static final Map<String, Integer> PLACEMENT = placement();

    /** Cases also proven over IPv4 in a dual-stack cluster: one of each kind of peer, port and mutation. */
    static final Set<String> DUAL_STACK_SUBSET = Set.of("no-policies", "default-deny-all", "allow-namespace-by-label",
            "and-peer-pod-and-namespace", "ipblock-except", "egress-ipblock-to-pod", "named-port-differs-per-pod",
            "end-port-range", "ingress-and-egress", "label-change-pod", "finished-pod-matched-by-ipblock");

    private static Topology topo;
    private static KernelCaseRunner runner;

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

    @BeforeAll
    static void up() {
        Topology.Builder b = Topology.builder().nodes(3).dualStack(true);
        PLACEMENT.forEach(b::pod);
        topo = b.build();
        List<PodServers.Port> ports = new ArrayList<>();
        for (int port : ModelCluster.PORTS) {
            ModelCluster.PROTOCOLS.forEach(proto -> ports.add(new PodServers.Port(port, proto)));
        }
        topo.serve(ports);
        runner = new KernelCaseRunner(topo);
    }

    @AfterAll
    static void down() {
        if (topo != null) {
            topo.close();
        }
    }

    static Stream<TruthTableCase> allCases() {
        return TruthTableCatalog.cases().stream();
    }

    static Stream<TruthTableCase> dualStackSubset() {
        return TruthTableCatalog.cases().stream().filter(c -> DUAL_STACK_SUBSET.contains(c.name()));
    }

    @ParameterizedTest(name = "{0} (IPv4)")
    @MethodSource("allCases")
    void kernelEnforcesTheCaseOverIpv4(TruthTableCase c) {
        prove(c, IpFamily.IPV4, false);
    }

    /** The same cases in a dual-stack cluster (both families compiled and applied), probed over IPv4. */
    @ParameterizedTest(name = "{0} (IPv4, dual-stack cluster)")
    @MethodSource("dualStackSubset")
    void kernelEnforcesTheCaseOverIpv4InADualStackCluster(TruthTableCase c) {
        prove(c, IpFamily.IPV4, true);
    }

    /**
     * Over IPv6 (dual-stack pods, IPv6 first). Also guards neighbour discovery: with br_netfilter, NS/NA between
     * pods and their gateway cross ip6tables, and rules that judge them make allowed connections of isolated pods
     * time out (caches are flushed before each case, so this cannot pass on warm neighbour entries).
     */
    @ParameterizedTest(name = "{0} (IPv6)")
    @MethodSource("allCases")
    void kernelEnforcesTheCaseOverIpv6(TruthTableCase c) {
        prove(c, IpFamily.IPV6, true);
    }

    /** The model with the topology's addresses; {@code family} first (probed), the other family too when dual-stack. */
    private static ModelCluster model(IpFamily family, boolean dualStack) {
        ModelCluster.Builder b = ModelCluster.builder();
        for (NodeNamespace n : topo.nodes()) {
            b.node(n.nodeName(), n.nodeInfo().addresses().toArray(String[]::new));
        }
        for (PodNamespace p : topo.pods()) {
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
    private static ClusterSnapshot snapshot(TruthTableCase c, ModelCluster model) {
        ClusterSnapshot s = c.snapshot(model);
        List<NodeInfo> nodes = topo.nodes().stream().map(NodeNamespace::nodeInfo).toList();
        return ClusterSnapshot.of(s.namespaces(), s.pods(), nodes, s.policies());
    }

    private static void prove(TruthTableCase c, IpFamily family, boolean dualStack) {
        ModelCluster model = model(family, dualStack);
        List<PodServers.Port> ports = c.probes().stream().map(p -> new PodServers.Port(p.port(), p.protocol())).distinct().toList();
        CaseReport report = runner.run(new KernelCaseRunner.Plan(c.name() + " (" + family + (dualStack ? ", dual-stack" : "") + ")", snapshot(c, model), ports,
                List.of(family), true));

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
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("truth table " + c.name() + " over " + family + ": " + c.description() + "\n");
            c.mutations().forEach(m -> sb.append("mutation: ").append(m.describe()).append('\n'));
            sb.append("placement: ").append(PLACEMENT).append("\n\n").append(problems).append('\n').append(report.scripts());
            fail(sb.toString());
        }
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
