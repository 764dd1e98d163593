package io.netfence.agent.dataplane;

import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.truthtable.TruthTableCase;
import io.netfence.engine.truthtable.TruthTableCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The truth-table cases on the kernel with the per-pod dispatch as a prefix tree: every node also hosts 40 isolated
 * pods that exist only in the model (addresses around the real pods', so the real pods share dispatch buckets with
 * them, IPv4 and IPv6), so each node's top-level chains jump into {@code NETFENCE-DE-/DI-} bucket chains. The kernel must
 * still agree with the catalog's matrices and the analyzer (which sees the cluster without those pods: they never
 * send nor receive, so they change no verdict between real pods).
 */
@RequiresRoot(tools = {"ip", "iptables", "ip6tables", "iptables-restore", "ip6tables-restore", "ipset", "conntrack"},
        features = {KernelFeature.NETNS, KernelFeature.BR_NETFILTER, KernelFeature.IPV6, KernelFeature.SETNS})
class DispatchTreeKernelTest {

    static final String FILLER_NS = "filler";

    private static Topology topo;
    private static CatalogOnKernel catalog;

    @BeforeAll
    static void up() {
        topo = CatalogOnKernel.topology();
        catalog = new CatalogOnKernel(topo, (topology, snapshot) -> {
            Map<String, NodeRuleset> rulesets = KernelCaseRunner.CLEAN_NODE.enforce(topology, withFillers(topology, snapshot));
            rulesets.values().forEach(r -> assertThat(r.chains(IpFamily.IPV4)).as("dispatch buckets on %s", r.nodeName())
                    .anyMatch(c -> c.name().startsWith("NETFENCE-DI-")));
            return rulesets;
        });
    }

    @AfterAll
    static void down() {
        if (topo != null) {
            topo.close();
        }
    }

    /** 40 model-only pods per node, isolated both ways by a deny-all policy of their own namespace. */
    static ClusterSnapshot withFillers(Topology topology, ClusterSnapshot s) {
        List<PodInfo> pods = new ArrayList<>(s.pods());
        for (NodeNamespace n : topology.nodes()) {
            int host = 2;
            for (int k = 0; k < 40; k++, host++) {
                if (host == 10) {
                    host = 20; // the real pods have .10 and up (see Topology)
                }
                pods.add(new PodInfo(FILLER_NS, "f-" + n.index() + "-" + k, Map.of("filler", "true"),
                        List.of("10.244." + (n.index() + 1) + "." + host, "fd00:10:244:" + (n.index() + 1) + "::" + Integer.toHexString(host)),
                        n.nodeName(), false, "Running", List.of()));
            }
        }
        List<NamespaceInfo> namespaces = new ArrayList<>(s.namespaces());
        namespaces.add(new NamespaceInfo(FILLER_NS, Map.of("kubernetes.io/metadata.name", FILLER_NS)));
        List<Policy> policies = new ArrayList<>(s.policies());
        policies.add(new Policy(FILLER_NS, "deny-all", LabelSelector.EVERYTHING, EnumSet.of(Direction.INGRESS, Direction.EGRESS),
                List.of(), List.of()));
        return ClusterSnapshot.of(namespaces, pods, s.nodes(), policies, s.clusterNetworkPolicies());
    }

    static Stream<TruthTableCase> cases() {
        return TruthTableCatalog.cases().stream().filter(c -> DataplaneTruthTableTest.DUAL_STACK_SUBSET.contains(c.name()));
    }

    @ParameterizedTest(name = "{0} (IPv4, dispatch tree)")
    @MethodSource("cases")
    void kernelEnforcesTheCaseOverIpv4(TruthTableCase c) {
        catalog.prove(c, IpFamily.IPV4, true, true).ifPresent(report -> fail(report));
    }

    @ParameterizedTest(name = "{0} (IPv6, dispatch tree)")
    @MethodSource("cases")
    void kernelEnforcesTheCaseOverIpv6(TruthTableCase c) {
        catalog.prove(c, IpFamily.IPV6, true, true).ifPresent(report -> fail(report));
    }
}
