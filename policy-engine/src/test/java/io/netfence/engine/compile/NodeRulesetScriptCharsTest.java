package io.netfence.engine.compile;

import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The script sizes a ruleset reports without rendering are the rendered scripts' lengths, with and without IPv6. */
class NodeRulesetScriptCharsTest {

    @Test
    void scriptCharsAreTheRenderedLengths() {
        NodeRulesetCompiler compiler = new NodeRulesetCompiler();
        boolean sawIpv6 = false;
        boolean sawIpv4Only = false;
        for (double ipv6 : new double[] {0.0, 0.3}) {
            ClusterSnapshot s = SyntheticCluster.generate(new SyntheticCluster.Params(60, 12, 3, 3, ipv6, 5));
            for (NodeInfo n : s.nodes()) {
                NodeRuleset r = compiler.compile(s, n.name());
                assertThat(r.scriptChars()).isEqualTo((long) r.ipsetRestore().length() + r.iptablesRestore().length()
                        + r.ip6tablesRestore().length());
                assertThat(r.ip6tablesChars()).isEqualTo(r.ip6tablesRestore().length());
                sawIpv6 |= r.ip6tablesChars() > 0;
                sawIpv4Only |= r.ip6tablesChars() == 0;
            }
        }
        assertThat(sawIpv6).isTrue();
        assertThat(sawIpv4Only).isTrue();
    }
}
