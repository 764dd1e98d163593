package io.netfence.agent.config;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.agent.kernel.BackendCommandRunner;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.IptablesBackend;
import io.netfence.agent.kernel.IptablesMode;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.agent.kernel.Iptables;
import io.netfence.engine.compile.IpFamily;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's CommandRunner bean: detects the node's backend, exports it and runs iptables with it. */
class IptablesBackendWiringTest {

    static AgentProperties props(List<String> prefix, IptablesMode mode) {
        return new AgentProperties("node-1", null, Duration.ofMinutes(5), Duration.ofSeconds(60), false, prefix, true, 0, true, mode);
    }

    @Test
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
    void anExplicitModeIsUsedAsIs() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommandRunner runner = new AgentConfiguration().commandRunner(props(List.of("false"), IptablesMode.NFT), registry);
        assertThat(((BackendCommandRunner) runner).backend()).isEqualTo(IptablesBackend.NFT);
        assertThat(registry.get("netfence.iptables.backend").tag("backend", "nft").tag("mode", "nft").gauge().value()).isEqualTo(1.0);
    }
}
