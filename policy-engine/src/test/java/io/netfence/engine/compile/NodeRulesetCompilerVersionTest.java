package io.netfence.engine.compile;

import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents and the console compare ruleset hashes only when their compiler versions are equal. This pins
 * {@link NodeRulesetCompiler#VERSION} to the output of a reference compile: a change of the compiled output fails
 * here until the version is bumped (and the pinned hash updated with it).
 */
class NodeRulesetCompilerVersionTest {

    /** The compiler version and the hash of the reference compile it produces. Update BOTH together. */
    static final String PINNED_VERSION = "2";
    static final String PINNED_HASH = "da874d68bd4b061bb1f23ccf1a24eb1ddef084596d005bf4e557b7a269db4975";

    static String referenceHash() throws Exception {
        NodeRulesetCompiler compiler = new NodeRulesetCompiler();
        ClusterSnapshot small = NodeRulesetCompilerTest.shop(List.of());
        ClusterSnapshot synthetic = SyntheticCluster.generate(new SyntheticCluster.Params(120, 30, 3, 6, 0.3, 11));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (ClusterSnapshot s : List.of(small, synthetic)) {
            for (NodeInfo n : s.nodes()) {
                NodeRuleset r = compiler.compile(s, n.name());
                for (String script : List.of(r.ipsetRestore(), r.iptablesRestore(), r.ip6tablesRestore(), r.hash())) {
                    digest.update(script.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void compiledOutputOfTheReferenceClusterMatchesThePinnedVersion() throws Exception {
        assertThat(referenceHash())
                .as("the compiled output changed: bump NodeRulesetCompiler.VERSION and set PINNED_VERSION/PINNED_HASH here")
                .isEqualTo(PINNED_HASH);
        assertThat(NodeRulesetCompiler.VERSION)
                .as("NodeRulesetCompiler.VERSION changed: set PINNED_VERSION and PINNED_HASH to the new reference compile")
                .isEqualTo(PINNED_VERSION);
    }
}
