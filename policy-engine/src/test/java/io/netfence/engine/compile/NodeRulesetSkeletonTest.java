package io.netfence.engine.compile;

import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeRulesetSkeletonTest {

    @Test
    void emptyClusterStillHooksTheTopLevelChains() {
        NodeRuleset r = new NodeRulesetCompiler().compile(ClusterSnapshot.empty(), "n1");
        assertThat(r.hooks(IpFamily.IPV4)).extracting(HookSpec::builtinChain).containsExactly("FORWARD", "INPUT", "OUTPUT");
        assertThat(r.iptablesRestore()).startsWith("*filter\n:NETFENCE-FORWARD - [0:0]\n").endsWith("COMMIT\n");
        assertThat(r.ip6tablesRestore()).isEmpty();
        assertThat(r.hash()).hasSize(64).isEqualTo(new NodeRulesetCompiler().compile(ClusterSnapshot.empty(), "n1").hash());
    }
}
