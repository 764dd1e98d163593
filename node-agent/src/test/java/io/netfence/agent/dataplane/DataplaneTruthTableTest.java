package io.netfence.agent.dataplane;

import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.truthtable.TruthTableCase;
import io.netfence.engine.truthtable.TruthTableCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * Every case of the engine's truth-table catalog, proven on the kernel: the nine model pods live in network
 * namespaces spread over three node namespaces (same-node pairs in one namespace and across namespaces, and
 * cross-node pairs), each node gets the scripts {@code NodeRulesetCompiler} renders for it (applied to a clean node each time), and every pod pair
 * plus every node → pod is probed with real TCP and UDP connections. The kernel must agree cell by cell with the
 * catalog's stated 9×9 matrices and with {@code ReachabilityAnalyzer} (node → pod included).
 */
@RequiresRoot(tools = {"ip", "iptables", "ip6tables", "iptables-restore", "ip6tables-restore", "ipset", "conntrack"},
        features = {KernelFeature.NETNS, KernelFeature.BR_NETFILTER, KernelFeature.IPV6, KernelFeature.SETNS})
class DataplaneTruthTableTest {

    /** Cases also proven over IPv4 in a dual-stack cluster: one of each kind of peer, port and mutation. */
    static final Set<String> DUAL_STACK_SUBSET = Set.of("no-policies", "default-deny-all", "allow-namespace-by-label",
            "and-peer-pod-and-namespace", "ipblock-except", "egress-ipblock-to-pod", "named-port-differs-per-pod",
            "end-port-range", "ingress-and-egress", "label-change-pod", "finished-pod-matched-by-ipblock");

    private static Topology topo;
    private static CatalogOnKernel catalog;

    @BeforeAll
    static void up() {
        topo = CatalogOnKernel.topology();
        catalog = new CatalogOnKernel(topo, KernelCaseRunner.CLEAN_NODE);
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

    private static void prove(TruthTableCase c, IpFamily family, boolean dualStack) {
        catalog.prove(c, family, dualStack, true).ifPresent(report -> fail(report));
    }
}
