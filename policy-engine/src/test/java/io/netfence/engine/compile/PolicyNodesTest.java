package io.netfence.engine.compile;

import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NodeRulesetCompiler#hasRulesFor}: removing a policy changes no ruleset but those of the nodes hosting a pod it
 * selects that the compiler gives rules (the console's "enforced on X of Y nodes" counts these Y nodes without compiling,
 * and previews compile only them). Usually all of them change; a policy adding nothing on a node (a deny-all next to
 * another policy isolating the same pods) changes none.
 */
class PolicyNodesTest {

    @ParameterizedTest
    @ValueSource(longs = {7, 42})
    void aPolicyChangesOnlyNodesHostingPodsItSelects(long seed) {
        ClusterSnapshot s = SyntheticCluster.generate(new SyntheticCluster.Params(2_000, 200, 10, 20, 0.2, seed));
        NodeRulesetCompiler compiler = new NodeRulesetCompiler();
        Map<String, NodeRuleset> now = compiler.compileAll(s);
        Set<String> nodes = new TreeSet<>(s.nodes().stream().map(NodeInfo::name).toList());
        int checked = 0;
        int changedSome = 0;
        for (Policy p : s.policies().subList(0, 40)) {
            Set<String> hosting = new TreeSet<>();
            for (PodInfo pod : s.podsInNamespace(p.namespace())) {
                if (pod.nodeName() != null && nodes.contains(pod.nodeName()) && NodeRulesetCompiler.hasRulesFor(pod) && p.selects(pod)) {
                    hosting.add(pod.nodeName());
                }
            }
            Map<String, NodeRuleset> without = compiler.compileAll(s.withoutPolicy(p.namespace(), p.name()));
            Set<String> changed = new TreeSet<>();
            now.forEach((node, r) -> {
                if (!r.hash().equals(without.get(node).hash())) {
                    changed.add(node);
                }
            });
            assertThat(changed).as(p.key()).isSubsetOf(hosting);
            checked++;
            changedSome += !changed.isEmpty() && changed.equals(hosting) ? 1 : 0;
        }
        assertThat(checked).isEqualTo(40);
        assertThat(changedSome).as("most policies change every node hosting their pods").isGreaterThan(20);
    }
}
