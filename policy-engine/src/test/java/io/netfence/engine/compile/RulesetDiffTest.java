package io.netfence.engine.compile;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RulesetDiffTest {

    private final NodeRulesetCompiler compiler = new NodeRulesetCompiler();
    private final ClusterSnapshot shop = DataplaneDocExample.snapshot();

    @Test
    void sameRulesetHasNoDiff() {
        RulesetDiff d = RulesetDiff.between(compiler.compile(shop, "n1"), compiler.compile(shop, "n1"));
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.render()).isEqualTo("node n1: no change\n");
    }

    @Test
    void aNewPeerPodIsAnIpsetOnlyChange() {
        PodInfo fe2 = new PodInfo("shop", "frontend-2", Map.of("app", "frontend"), List.of("10.244.2.8"), "n2", false, "Running", List.of());
        List<PodInfo> pods = new java.util.ArrayList<>(shop.pods());
        pods.add(fe2);
        ClusterSnapshot after = ClusterSnapshot.of(shop.namespaces(), pods, shop.nodes(), shop.policies());
        RulesetDiff d = RulesetDiff.between(compiler.compile(shop, "n1"), compiler.compile(after, "n1"));
        assertThat(d.ipsetOnly()).isTrue();
        assertThat(d.chains()).isEmpty();
        assertThat(d.sets()).singleElement().satisfies(s -> {
            assertThat(s.added()).containsExactly("10.244.2.8");
            assertThat(s.removed()).isEmpty();
            assertThat(s.origin()).isEqualTo("peer pods app=frontend in the policy's namespace (shop)");
        });
        assertThat(d.render()).contains("(set members only: ipset swap, no iptables change)").contains("    + 10.244.2.8\n");
    }

    @Test
    void editingAPolicyShowsTheChangedRulesInOrderWithTheirOrigin() {
        Policy web = shop.policy("shop", "web").orElseThrow();
        Policy edited = new Policy("shop", "web", web.podSelector(), EnumSet.of(Direction.INGRESS, Direction.EGRESS),
                List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "frontend")), null)),
                        List.of(PortSpec.number(Protocol.TCP, 8443)))), web.egress());
        RulesetDiff d = RulesetDiff.between(compiler.compile(shop, "n1"), compiler.compile(shop.withPolicy(edited), "n1"));
        assertThat(d.ipsetOnly()).isFalse();
        assertThat(d.sets()).isEmpty();
        assertThat(d.chains()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(RulesetDiff.Kind.CHANGED);
            assertThat(c.origin()).isEqualTo("ingress rules of policy shop/web");
            assertThat(c.lines()).extracting(RulesetDiff.Line::op).containsExactly('-', '+');
            assertThat(c.lines().get(1).rule()).contains("--dport 8443");
        });
    }

    @Test
    void deletingAPolicyRemovesItsChainsAndSets() {
        RulesetDiff d = RulesetDiff.between(compiler.compile(shop, "n1"), compiler.compile(shop.withoutPolicy("shop", "db"), "n1"));
        assertThat(d.chains()).extracting(RulesetDiff.ChainChange::kind).contains(RulesetDiff.Kind.REMOVED, RulesetDiff.Kind.CHANGED);
        assertThat(d.chains()).filteredOn(c -> c.kind() == RulesetDiff.Kind.REMOVED).extracting(RulesetDiff.ChainChange::origin)
                .containsExactlyInAnyOrder("ingress of pod shop/db-1", "ingress rules of policy shop/db");
        assertThat(d.sets()).extracting(RulesetDiff.SetChange::origin).contains("named port tcp/postgres of the pods on this node");
        assertThat(d.render()).contains("- chain NETFENCE-IN-").contains("~ chain NETFENCE-FORWARD");
    }

    @Test
    void lineDiffKeepsOrder() {
        assertThat(RulesetDiff.lineDiff(List.of("a", "b", "c"), List.of("a", "x", "c", "d")))
                .extracting(l -> l.op() + l.rule()).containsExactly(" a", "-b", "+x", " c", "+d");
    }
}
