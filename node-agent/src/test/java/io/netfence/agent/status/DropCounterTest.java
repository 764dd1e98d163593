package io.netfence.agent.status;

import io.netfence.agent.apply.NetfenceNames;
import io.netfence.agent.kernel.IpsetState;
import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.KernelState;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.RulesetNames;
import io.netfence.engine.model.PodInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DropCounterTest {

    private static PodInfo pod(String name) {
        return new PodInfo("app", name, Map.of(), List.of("10.0.0.1"), "n1", false, "Running", List.of());
    }

    @Test
    void sumsTheRejectRuleCountersOfEachLocalPodsChainsAcrossDirectionsAndFamilies() {
        PodInfo web = pod("web");
        PodInfo db = pod("db");
        String v4 = "*filter\n:FORWARD ACCEPT [0:0]\n"
                + ":" + RulesetNames.podIngressChain(web) + " - [0:0]\n"
                + ":" + RulesetNames.podEgressChain(web) + " - [0:0]\n"
                + ":" + RulesetNames.podIngressChain(db) + " - [0:0]\n"
                + "[9:540] -A " + RulesetNames.podIngressChain(web) + " -j MARK --set-xmark 0x0/0x100000\n"
                + "[4:240] -A " + RulesetNames.podIngressChain(web)
                + " -m mark ! --mark 0x100000/0x100000 -m comment --comment \"netfence drop ingress app/web\" -j NETFENCE-REJECT\n"
                + "[3:180] -A " + RulesetNames.podEgressChain(web)
                + " -m mark ! --mark 0x100000/0x100000 -m comment --comment \"netfence drop egress app/web\" -j NETFENCE-REJECT\n"
                + "[0:0] -A " + RulesetNames.podIngressChain(db)
                + " -m mark ! --mark 0x100000/0x100000 -m comment --comment \"netfence drop ingress app/db\" -j NETFENCE-REJECT\n"
                + "COMMIT\n";
        String v6 = "*filter\n:" + RulesetNames.podIngressChain(web) + " - [0:0]\n"
                + "[2:160] -A " + RulesetNames.podIngressChain(web) + " -m mark ! --mark 0x100000/0x100000 -j NETFENCE-REJECT\nCOMMIT\n";
        KernelState k = new KernelState(Map.of(IpFamily.IPV4, IptablesTable.parse(v4, NetfenceNames::isChain),
                IpFamily.IPV6, IptablesTable.parse(v6, NetfenceNames::isChain)), IpsetState.EMPTY);

        Map<String, Long> drops = DropCounter.dropsPerPod(k, List.of(web, db));

        assertThat(drops).containsExactly(Map.entry("app/web", 9L));
    }
}
