package io.netfence.admin.preview;

import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental draft compile equals a compile from scratch of the cluster with the draft, byte for byte, for edits of
 * every kind, one after another on the same node models (each must be put back to the live state), across cluster
 * changes and with fewer models kept than nodes (evicted ones start afresh).
 */
class DraftRulesetsTest {

    private final NodeRulesetCompiler compiler = new NodeRulesetCompiler();

    @Test
    void everyEditCompilesAsAFullCompileOfTheClusterWithTheDraft() {
        ClusterSnapshot live = SyntheticCluster.generate(new SyntheticCluster.Params(400, 40, 5, 6, 0.25, 7));
        DraftRulesets drafts = new DraftRulesets(compiler, 3);
        Random random = new Random(11);
        List<String> nodes = live.nodes().stream().map(NodeInfo::name).toList();
        int compared = 0;
        for (int round = 0; round < 24; round++) {
            if (round % 8 == 7) {
                live = changed(live, random); // the models follow the live state
            }
            Policy stored = live.policies().get(random.nextInt(live.policies().size()));
            Edit edit = edit(stored, live, round % Edit.KINDS, random);
            ClusterSnapshot expectedState = edit.version().map(live::withPolicy).orElse(live.withoutPolicy(stored.namespace(), edit.name()));
            List<String> some = new ArrayList<>(nodes);
            java.util.Collections.shuffle(some, random);
            some = some.subList(0, 1 + random.nextInt(nodes.size()));
            Map<String, NodeRuleset> got = drafts.compile(live, stored.namespace() + "/" + edit.name(), edit.version(), some);
            assertThat(got.keySet()).containsExactlyElementsOf(some);
            for (String node : some) {
                NodeRuleset expected = compiler.compile(expectedState, node);
                NodeRuleset actual = got.get(node);
                String what = "round " + round + " (" + edit.what() + ") on " + node;
                assertThat(actual.ipsetRestore()).as(what).isEqualTo(expected.ipsetRestore());
                assertThat(actual.iptablesRestore()).as(what).isEqualTo(expected.iptablesRestore());
                assertThat(actual.restore(IpFamily.IPV6)).as(what).isEqualTo(expected.restore(IpFamily.IPV6));
                assertThat(actual.hash()).as(what).isEqualTo(expected.hash());
                assertThat(actual.stats()).as(what).isEqualTo(expected.stats());
                compared++;
            }
            assertThat(drafts.kept()).hasSizeLessThanOrEqualTo(3);
        }
        assertThat(compared).isGreaterThan(30);
        // after all those drafts, the live state itself (a draft equal to the stored policy) compiles as the live state
        Policy any = live.policies().get(0);
        for (String node : nodes) {
            assertThat(drafts.compile(live, any.key(), Optional.of(any), List.of(node)).get(node).hash())
                    .isEqualTo(compiler.compile(live, node).hash());
        }
    }

    private record Edit(String name, Optional<Policy> version, String what) {
        static final int KINDS = 6;
    }

    private static Edit edit(Policy p, ClusterSnapshot live, int kind, Random random) {
        return switch (kind) {
            case 0 -> new Edit(p.name(), Optional.of(withIngress(p, new PolicyRule(List.of(), List.of(PortSpec.number(Protocol.TCP, 9000 + random.nextInt(100)))))),
                    "an ingress rule on a new port");
            case 1 -> new Edit(p.name(), Optional.of(withIngress(p, new PolicyRule(List.of(new SelectorPeer(
                    LabelSelector.of(Map.of("tier", "api")), LabelSelector.EVERYTHING)), List.of()))), "an ingress rule from api pods of every namespace");
            case 2 -> new Edit(p.name(), Optional.of(new Policy(p.namespace(), p.name(), LabelSelector.EVERYTHING,
                    Set.of(Direction.INGRESS, Direction.EGRESS), List.of(), List.of())), "deny all of its namespace");
            case 3 -> new Edit(p.name(), Optional.empty(), "deleted");
            case 4 -> new Edit(p.name() + "-copy", Optional.of(new Policy(p.namespace(), p.name() + "-copy", p.podSelector(),
                    p.policyTypes(), p.egress(), p.ingress())), "a new policy");
            default -> new Edit(p.name(), Optional.of(new Policy(p.namespace(), p.name(), p.podSelector(), p.policyTypes(), List.of(),
                    p.egress())), "its ingress rules removed");
        };
    }

    private static Policy withIngress(Policy p, PolicyRule rule) {
        List<PolicyRule> ingress = new ArrayList<>(p.ingress());
        ingress.add(rule);
        Set<Direction> types = new java.util.HashSet<>(p.policyTypes());
        types.add(Direction.INGRESS);
        return new Policy(p.namespace(), p.name(), p.podSelector(), types, ingress, p.egress());
    }

    /** The live state after a pod was relabelled and another removed. */
    private static ClusterSnapshot changed(ClusterSnapshot s, Random random) {
        List<PodInfo> pods = new ArrayList<>(s.pods());
        PodInfo gone = pods.remove(random.nextInt(pods.size()));
        int i = random.nextInt(pods.size());
        PodInfo p = pods.get(i);
        Map<String, String> labels = new java.util.HashMap<>(p.labels());
        labels.put("tier", "api".equals(labels.get("tier")) ? "web" : "api");
        pods.set(i, new PodInfo(p.namespace(), p.name(), labels, p.ips(), p.nodeName(), p.hostNetwork(), p.phase(), p.ports(), p.owner()));
        assertThat(gone).isNotNull();
        return ClusterSnapshot.of(s.namespaces(), pods, s.nodes(), s.policies());
    }
}
