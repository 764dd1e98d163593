package io.netfence.agent.config;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.agent.dataplane.KernelFeature;
import io.netfence.agent.dataplane.RequiresRoot;
import io.netfence.agent.kernel.BackendCommandRunner;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.IptablesBackend;
import io.netfence.agent.kernel.IptablesMode;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.agent.kernel.Iptables;
import io.netfence.engine.compile.IpFamily;
import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.sync.NodeSynchronizer;
import io.netfence.agent.sync.SyncOutcome;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's CommandRunner bean: detects the node's backend, exports it and runs iptables with it. */
class IptablesBackendWiringTest {

    static AgentProperties props(List<String> prefix, IptablesMode mode) {
        return new AgentProperties("node-1", null, Duration.ofMinutes(5), Duration.ofSeconds(60), false, prefix, true, 0, true, mode);
    }

    @Test
    @RequiresRoot(tools = {"ip", "iptables-legacy", "iptables-nft"}, features = {KernelFeature.NETNS, KernelFeature.IPTABLES_LEGACY})
    void onALegacyNodeTheAgentsIptablesCommandsGoToTheLegacyBackend() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh("iptables-legacy -N KUBE-FORWARD && iptables-legacy -A FORWARD -j KUBE-FORWARD"
                    + " && iptables-legacy -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            CommandRunner runner = new AgentConfiguration().commandRunner(props(ns.prefix(), IptablesMode.AUTO), registry);

            assertThat(runner).isInstanceOfSatisfying(BackendCommandRunner.class, r -> assertThat(r.backend()).isEqualTo(IptablesBackend.LEGACY));
            assertThat(registry.get("netfence.iptables.backend").tag("backend", "legacy").tag("mode", "auto").gauge().value()).isEqualTo(1.0);
            // the generic name reaches the legacy tables: the agent sees kube's chain, the nft side has none
            assertThat(runner.check(Iptables.save(IpFamily.IPV4, false), null)).contains("-A FORWARD -j KUBE-FORWARD");
            assertThat(ns.sh("iptables-nft-save -t filter")).doesNotContain("KUBE-FORWARD");
        }
    }

    @Test
    @RequiresRoot(tools = {"ip", "iptables-legacy", "iptables-nft"}, features = {KernelFeature.NETNS, KernelFeature.IPTABLES_LEGACY})
    void onALegacyNodeTheAgentSyncsIntoLegacyAheadOfKubesRulesAndNothingIntoNft() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh("iptables-legacy -N KUBE-FORWARD && iptables-legacy -A FORWARD -j KUBE-FORWARD"
                    + " && iptables-legacy -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP");
            CommandRunner runner = new AgentConfiguration().commandRunner(props(ns.prefix(), IptablesMode.AUTO), new SimpleMeterRegistry());
            ClusterState state = new ClusterState();
            state.upsertNode(new NodeInfo("node-1", List.of("192.168.0.1"), List.of("10.244.1.0/24")));
            state.upsertNamespace(new NamespaceInfo("app", Map.of()));
            state.upsertPod(new PodInfo("app", "a", Map.of("app", "a"), List.of("10.244.1.5"), "node-1", false, "Running", List.of()));
            NodeSynchronizer sync = new NodeSynchronizer("node-1", state, new NodeRulesetCompiler(), new DesiredDataplaneFactory(false),
                    new ApplyPlanner(), new DataplaneApplier(runner), new KernelStateReader(runner, false));

            SyncOutcome first = sync.sync(false);

            assertThat(first.ok()).as(first.error()).isTrue();
            String legacy = ns.sh("iptables-legacy-save -t filter");
            assertThat(legacy.indexOf("-A FORWARD -m comment --comment netfence -j NETFENCE-FORWARD"))
                    .as("netfence's hook is first in the FORWARD chain kube's rules are in").isPositive()
                    .isLessThan(legacy.indexOf("-A FORWARD -j KUBE-FORWARD"));
            assertThat(ns.sh("iptables-nft-save")).doesNotContain("NETFENCE");
            assertThat(sync.sync(false).kind()).as("the kernel state is read back from legacy too").isEqualTo(SyncKind.NONE);
        }
    }

    @Test
    void anExplicitModeIsUsedAsIs() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommandRunner runner = new AgentConfiguration().commandRunner(props(List.of("false"), IptablesMode.NFT), registry);
        assertThat(((BackendCommandRunner) runner).backend()).isEqualTo(IptablesBackend.NFT);
        assertThat(registry.get("netfence.iptables.backend").tag("backend", "nft").tag("mode", "nft").gauge().value()).isEqualTo(1.0);
    }
}
