package io.netfence.agent.sync;

import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.kernel.CommandResult;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's compile step: syncs after cluster events use the incremental compiler and apply exactly what a full
 * compile of the same state gives; the periodic resync compiles from scratch and finds no difference. The kernel is a
 * fake that accepts every command (the kernel tests cover applying).
 */
class NodeSynchronizerIncrementalTest {

    private final CommandRunner kernel = (argv, stdin) -> new CommandResult(0,
            argv.get(0).endsWith("-save") ? "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n" : "", "");
    private final ClusterState state = new ClusterState();
    private final NodeSynchronizer sync = new NodeSynchronizer("n1", state, new NodeRulesetCompiler(), new DesiredDataplaneFactory(true),
            new ApplyPlanner(), new DataplaneApplier(kernel), new KernelStateReader(kernel, false));

    @Test
    void eventSyncsCompileIncrementallyAndApplyWhatAFullCompileGives() {
        state.upsertNode(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24")));
        state.upsertNode(new NodeInfo("n2", List.of("192.168.0.2"), List.of("10.244.2.0/24")));
        state.upsertNamespace(new NamespaceInfo("shop", Map.of("team", "a")));
        state.upsertPod(pod("web-0", "n1", "10.244.1.5", "web"));
        state.upsertPod(pod("api-0", "n2", "10.244.2.5", "api"));
        state.upsertPolicy(new Policy("shop", "web-in", LabelSelector.of(Map.of("app", "web")), Set.of(Direction.INGRESS),
                List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "api")), null)),
                        List.of(PortSpec.number(Protocol.TCP, 80)))), List.of()));

        assertSyncEqualsFullCompile("full");

        state.upsertPod(pod("api-1", "n2", "10.244.2.6", "api"));                 // a remote peer joins a set
        assertSyncEqualsFullCompile("incremental");
        state.upsertPod(pod("api-0", "n2", "10.244.2.5", "batch"));               // and one leaves it
        assertSyncEqualsFullCompile("incremental");
        state.upsertPod(pod("web-1", "n1", "10.244.1.6", "web"));                 // a local pod gets isolated
        assertSyncEqualsFullCompile("incremental");
        state.upsertPolicy(new Policy("shop", "web-out", LabelSelector.of(Map.of("app", "web")), Set.of(Direction.EGRESS),
                List.of(), List.of(new PolicyRule(List.of(new IpBlockPeer(Cidr.of("10.0.0.0/8"), List.of())), List.of()))));
        assertSyncEqualsFullCompile("incremental");
        state.upsertNamespace(new NamespaceInfo("shop", Map.of("team", "b")));
        state.removePolicy("shop", "web-in");
        state.removePod("shop", "web-0");
        assertSyncEqualsFullCompile("incremental");

        SyncOutcome periodic = sync.sync(true);
        assertThat(periodic.ok()).as(periodic.error()).isTrue();
        assertThat(sync.lastCompile()).isEqualTo("full");
        assertThat(sync.incrementalMismatches()).isZero();
    }

    @Test
    void anEventSyncWithoutThisNodeRefusesAsTheFullSyncDoes() {
        state.upsertNode(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24")));
        state.upsertPod(pod("web-0", "n1", "10.244.1.5", "web"));
        assertThat(sync.sync(false).ok()).isTrue();
        String hash = sync.appliedRuleset().hash();

        state.removeNode("n1");
        SyncOutcome o = sync.sync(false);

        assertThat(o.ok()).isFalse();
        assertThat(o.error()).contains("Node \"n1\" is not in the API server");
        assertThat(sync.appliedRuleset().hash()).isEqualTo(hash);
    }

    private void assertSyncEqualsFullCompile(String how) {
        SyncOutcome o = sync.sync(false);
        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(sync.lastCompile()).isEqualTo(how);
        var full = new NodeRulesetCompiler().compile(state.snapshot(), "n1");
        assertThat(o.rulesetHash()).isEqualTo(full.hash());
        assertThat(sync.appliedRuleset().ipsetRestore()).isEqualTo(full.ipsetRestore());
        // the guard's programmed-pods set comes from the incremental compiler's view of this node
        assertThat(sync.applied()).isEqualTo(new DesiredDataplaneFactory(true).build(full, state.snapshot())
                .without(io.netfence.engine.compile.IpFamily.IPV6)); // the fake kernel has no ip6tables
    }

    private static PodInfo pod(String name, String node, String ip, String app) {
        return new PodInfo("shop", name, Map.of("app", app), List.of(ip), node, false, "Running", List.of());
    }
}
