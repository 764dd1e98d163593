package io.netfence.agent.dataplane;

import io.netfence.agent.apply.SyncKind;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.truthtable.TruthTableCase;
import io.netfence.engine.truthtable.TruthTableCatalog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's incremental apply on the kernel: one {@link io.netfence.agent.sync.NodeSynchronizer} per node walks
 * through every truth-table case (IPv4 in catalog order, each mutated case preceded by its unmutated state so label
 * changes take the ipset-only path; then IPv6 in a dual-stack cluster in reverse order) without any reset in between, and after each step the kernel must enforce exactly that case — so no transition leaves a
 * stale chain, set member or hook that changes a verdict.
 */
@RequiresRoot(tools = {"ip", "iptables", "ip6tables", "iptables-restore", "ip6tables-restore", "iptables-save", "ipset", "conntrack"},
        features = {KernelFeature.NETNS, KernelFeature.BR_NETFILTER, KernelFeature.IPV6, KernelFeature.SETNS})
class AgentTruthTableSequenceTest {

    @Test
    void theAgentMovesThroughEveryCaseIncrementallyAndEnforcesEachOne() {
        try (Topology topo = CatalogOnKernel.topology()) {
            AgentEnforcer agent = new AgentEnforcer(topo);
            CatalogOnKernel catalog = new CatalogOnKernel(topo, agent);
            List<TruthTableCase> cases = TruthTableCatalog.cases();
            List<String> failures = new ArrayList<>();
            List<String> order = new ArrayList<>();
            for (TruthTableCase c : cases) {
                if (!c.mutations().isEmpty()) {
                    // the same policies first, then only labels/phases change: the agent's ipset-only path
                    order.add(c.name() + " before mutations/v4");
                    catalog.proveBeforeMutations(c, IpFamily.IPV4, false).ifPresent(f -> failures.add(after(order, f)));
                }
                order.add(c.name() + "/v4");
                catalog.prove(c, IpFamily.IPV4, false, failures.isEmpty()).ifPresent(f -> failures.add(after(order, f)));
            }
            List<TruthTableCase> backwards = new ArrayList<>(cases);
            Collections.reverse(backwards);
            for (TruthTableCase c : backwards) {
                order.add(c.name() + "/v6");
                catalog.prove(c, IpFamily.IPV6, true, failures.isEmpty()).ifPresent(f -> failures.add(after(order, f)));
            }
            System.out.println("[agent sequence] node syncs by kind: " + agent.syncKinds());
            assertThat(failures).as(() -> failures.size() + " of " + order.size() + " steps differ:\n\n"
                    + String.join("\n\n", failures)).isEmpty();
            assertThat(agent.syncKinds()).as("both apply paths were exercised").containsKeys(SyncKind.FULL, SyncKind.IPSET_ONLY);
        }
    }

    private static String after(List<String> order, String failure) {
        String previous = order.size() > 1 ? order.get(order.size() - 2) : "(clean node)";
        return "step " + order.size() + ", coming from " + previous + ":\n" + failure;
    }
}
