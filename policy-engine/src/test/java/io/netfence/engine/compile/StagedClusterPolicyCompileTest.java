package io.netfence.engine.compile;

import io.netfence.engine.compile.PacketWalker.Packet;
import io.netfence.engine.compile.PacketWalker.Verdict;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.reachability.StagedDenial;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** StagedClusterNetworkPolicies compile to counting chains in their tier that never change a verdict. */
class StagedClusterPolicyCompileTest {

    private static final LabelSelector SHOP = LabelSelector.of(Map.of("kubernetes.io/metadata.name", "shop"));
    /** Admin: frontend may not reach shop's pods on 8080 (today the NetworkPolicy "web" allows it). */
    static final ClusterNetworkPolicy GUARD = new ClusterNetworkPolicy("guard", ClusterPolicyTier.ADMIN, 10,
            ClusterPolicySubject.namespaces(SHOP),
            List.of(new ClusterPolicyRule("no-frontend", ClusterPolicyAction.DENY,
                    List.of(new ClusterPolicyPeer.Pods(SHOP, LabelSelector.of(Map.of("app", "frontend")))),
                    List.of(ClusterPolicyPort.number(Protocol.TCP, 8080)))),
            List.of());
    /** Baseline: shop's pods may not open connections to frontend (only where no NetworkPolicy isolates egress). */
    static final ClusterNetworkPolicy BASELINE = new ClusterNetworkPolicy("baseline-lockdown", ClusterPolicyTier.BASELINE, 5,
            ClusterPolicySubject.namespaces(SHOP), List.of(),
            List.of(new ClusterPolicyRule("", ClusterPolicyAction.DENY,
                    List.of(new ClusterPolicyPeer.Pods(SHOP, LabelSelector.of(Map.of("app", "frontend")))), List.of())));

    @Test
    void aStagedAdminDenyCountsOnItsOwnCounterAndNeverDrops() {
        ClusterSnapshot snapshot = DataplaneDocExample.snapshot().withStagedClusterNetworkPolicy(GUARD);
        NodeRuleset n1 = new NodeRulesetCompiler().compile(snapshot, "n1");
        var web = snapshot.pod("shop", "web-1").orElseThrow();
        String si = RulesetNames.stagedPodChain(web, Direction.INGRESS);
        String yi = RulesetNames.stagedClusterChain("guard", Direction.INGRESS);
        String vi = RulesetNames.stagedClusterWouldDenyChain("guard", Direction.INGRESS);
        String enforced = RulesetNames.policyChain(snapshot.policy("shop", "web").orElseThrow(), Direction.INGRESS);

        assertThat(chain(n1, NodeRulesetCompiler.FORWARD_CHAIN)).contains("-d 10.244.1.5/32 -m conntrack --ctstate NEW -j " + si);
        assertThat(chain(n1, si)).containsExactly(
                "-j MARK --set-xmark 0x0/0x300000",
                "-j " + yi, // the Admin tier first, then NetworkPolicy
                "-j " + enforced,
                "-j MARK --set-xmark 0x0/0x300000");
        assertThat(chain(n1, yi)).singleElement().asString()
                .startsWith("-p tcp -m mark --mark 0x0/0x300000 -m set --match-set nfs-")
                .endsWith(" src -m tcp --dport 8080 -j " + vi);
        assertThat(chain(n1, vi)).containsExactly(
                "-m comment --comment \"netfence would-deny ingress stagedclusternetworkpolicy guard\"",
                "-j MARK --set-xmark 0x300000/0x300000");
        assertThat(n1.origin(vi).orElseThrow()).contains("staged ClusterNetworkPolicy guard");

        PacketWalker walker = new PacketWalker(n1, IpFamily.IPV4);
        // frontend → web:8080 is allowed today: still allowed, counted once
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.2.7", "10.244.1.5", "tcp", 8080))).isEqualTo(Verdict.ACCEPT);
        // frontend → web:9090 is denied today (rejected as before), never counted
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.2.7", "10.244.1.5", "tcp", 9090))).isEqualTo(Verdict.REJECT);
        // the node's own probe is never judged
        assertThat(walker.walk("OUTPUT", Packet.newConnection("192.168.0.1", "10.244.1.5", "tcp", 8080))).isEqualTo(Verdict.ACCEPT);
        assertThat(walker.ruleHits().get(vi + "#0")).isEqualTo(1L);

        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        var frontend = analyzer.endpoint("shop", "frontend-1");
        var webEndpoint = analyzer.endpoint("shop", "web-1");
        assertThat(analyzer.allowed(frontend, webEndpoint, 8080, Protocol.TCP)).isTrue();
        assertThat(analyzer.clusterWouldDeny(frontend, webEndpoint, 8080, Protocol.TCP)).containsExactly("guard");
        assertThat(analyzer.stagedDenials(frontend, webEndpoint, 8080, Protocol.TCP))
                .containsExactly(new StagedDenial(Direction.INGRESS, StagedDenial.Kind.STAGED_CLUSTER_NETWORK_POLICY, "guard"));
        assertThat(analyzer.wouldDeny(frontend, webEndpoint, 8080, Protocol.TCP)).isEmpty();
        assertThat(analyzer.clusterWouldDeny(frontend, webEndpoint, 9090, Protocol.TCP)).isEmpty();
        // on n2 the staged policy has a subject (frontend-1) but no enforced chain changes: only staged chains are added
        NodeRuleset n2 = new NodeRulesetCompiler().compile(snapshot, "n2");
        NodeRuleset n2Before = new NodeRulesetCompiler().compile(DataplaneDocExample.snapshot(), "n2");
        assertThat(n2.chains(IpFamily.IPV4).stream().filter(c -> !c.name().matches("NETFENCE-[SYV][IE]-.*")
                && !c.name().equals(NodeRulesetCompiler.FORWARD_CHAIN) && !c.name().equals(NodeRulesetCompiler.OUTPUT_CHAIN)).toList())
                .isEqualTo(n2Before.chains(IpFamily.IPV4).stream().filter(c -> !c.name().equals(NodeRulesetCompiler.FORWARD_CHAIN)
                        && !c.name().equals(NodeRulesetCompiler.OUTPUT_CHAIN)).toList());
    }

    @Test
    void aStagedBaselineDenyCountsOnlyWhereNoNetworkPolicyIsolates() {
        ClusterSnapshot snapshot = DataplaneDocExample.snapshot().withStagedClusterNetworkPolicy(BASELINE);
        NodeRuleset n1 = new NodeRulesetCompiler().compile(snapshot, "n1");
        var web = snapshot.pod("shop", "web-1").orElseThrow();
        var db = snapshot.pod("shop", "db-1").orElseThrow();
        String ve = RulesetNames.stagedClusterWouldDenyChain("baseline-lockdown", Direction.EGRESS);
        // web is isolated for egress by the NetworkPolicy "web": the Baseline tier never reaches it, no staged chain
        assertThat(n1.chains(IpFamily.IPV4)).extracting(ChainSpec::name).doesNotContain(RulesetNames.stagedPodChain(web, Direction.EGRESS))
                .contains(RulesetNames.stagedPodChain(db, Direction.EGRESS));
        PacketWalker walker = new PacketWalker(n1, IpFamily.IPV4);
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.1.6", "10.244.2.7", "tcp", 80))).isEqualTo(Verdict.ACCEPT);
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.1.5", "10.244.2.7", "tcp", 80))).isEqualTo(Verdict.REJECT);
        // db → node: not frontend, not counted
        assertThat(walker.walk("INPUT", Packet.newConnection("10.244.1.6", "192.168.0.1", "tcp", 22))).isEqualTo(Verdict.ACCEPT);
        assertThat(walker.ruleHits().get(ve + "#0")).isEqualTo(1L);

        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        assertThat(analyzer.clusterWouldDeny(analyzer.endpoint("shop", "db-1"), analyzer.endpoint("shop", "frontend-1"), 80, Protocol.TCP))
                .containsExactly("baseline-lockdown");
        assertThat(analyzer.clusterWouldDeny(analyzer.endpoint("shop", "web-1"), analyzer.endpoint("shop", "frontend-1"), 80, Protocol.TCP))
                .isEmpty();
    }

    @Test
    void aStagedAdminAcceptOrEarlierEnforcedAcceptWinsOverAStagedDeny() {
        ClusterNetworkPolicy accept = new ClusterNetworkPolicy("allow-frontend", ClusterPolicyTier.ADMIN, 1,
                ClusterPolicySubject.namespaces(SHOP),
                List.of(new ClusterPolicyRule("", ClusterPolicyAction.ACCEPT,
                        List.of(new ClusterPolicyPeer.Pods(SHOP, LabelSelector.of(Map.of("app", "frontend")))), List.of())),
                List.of());
        for (ClusterSnapshot snapshot : List.of(
                ClusterSnapshot.of(DataplaneDocExample.snapshot().namespaces(), DataplaneDocExample.snapshot().pods(),
                        DataplaneDocExample.snapshot().nodes(), DataplaneDocExample.snapshot().policies(), List.of(accept), List.of(), List.of(GUARD)),
                DataplaneDocExample.snapshot().withStagedClusterNetworkPolicy(GUARD).withStagedClusterNetworkPolicy(accept))) {
            PacketWalker walker = new PacketWalker(new NodeRulesetCompiler().compile(snapshot, "n1"), IpFamily.IPV4);
            assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.2.7", "10.244.1.5", "tcp", 8080))).isEqualTo(Verdict.ACCEPT);
            assertThat(walker.ruleHits()).doesNotContainKey(RulesetNames.stagedClusterWouldDenyChain("guard", Direction.INGRESS) + "#0");
            ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
            assertThat(analyzer.clusterWouldDeny(analyzer.endpoint("shop", "frontend-1"), analyzer.endpoint("shop", "web-1"), 8080,
                    Protocol.TCP)).isEmpty();
        }
    }

    @Test
    void withFlowsAWouldDenyIsLoggedAtTheCounterChain() {
        ClusterSnapshot snapshot = DataplaneDocExample.snapshot().withStagedClusterNetworkPolicy(GUARD);
        NodeRuleset n1 = new NodeRulesetCompiler(CompilerOptions.DEFAULTS.withFlowLog(FlowLogOptions.defaults(7))).compile(snapshot, "n1");
        String vi = RulesetNames.stagedClusterWouldDenyChain("guard", Direction.INGRESS);
        PacketWalker walker = new PacketWalker(n1, IpFamily.IPV4);
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.2.7", "10.244.1.5", "tcp", 8080))).isEqualTo(Verdict.ACCEPT);
        assertThat(walker.nflogPrefixes()).containsExactly(FlowLogOptions.prefix(FlowLogOptions.WOULD_DENY, vi),
                FlowLogOptions.prefix(FlowLogOptions.ALLOW, NodeRulesetCompiler.FORWARD_CHAIN));
    }

    @Test
    void withoutStagedClusterPoliciesTheOutputIsUnchanged() {
        ClusterSnapshot base = DataplaneDocExample.snapshot();
        ClusterSnapshot none = base.withStagedClusterNetworkPolicy(GUARD).withoutStagedClusterNetworkPolicy("guard");
        assertThat(new NodeRulesetCompiler().compile(none, "n1").hash()).isEqualTo(new NodeRulesetCompiler().compile(base, "n1").hash());
    }

    @Test
    void countersAreReadPerStagedClusterPolicyAndDirection() {
        String save = String.join("\n",
                "[3:180] -A NETFENCE-VI-aaaa -m comment --comment \"netfence would-deny ingress stagedclusternetworkpolicy guard\"",
                "[3:180] -A NETFENCE-VI-aaaa -j MARK --set-xmark 0x300000/0x300000",
                "[2:120] -A NETFENCE-VE-bbbb -m comment --comment \"netfence would-deny egress stagedclusternetworkpolicy guard\"",
                "[4:240] -A NETFENCE-WI-cccc -m comment --comment \"netfence would-deny ingress stagednetworkpolicy shop/lockdown\"");
        var counts = DropCounters.parseStagedClusterWouldDeny(save + "\n" + save.replace("[3:180]", "[1:60]"));
        assertThat(counts).containsOnlyKeys("guard");
        assertThat(counts.get("guard").get(Direction.INGRESS).packets()).isEqualTo(4);
        assertThat(counts.get("guard").get(Direction.EGRESS).packets()).isEqualTo(4);
        assertThat(DropCounters.parseStagedWouldDeny(save)).containsOnlyKeys("shop/lockdown");
    }

    private static List<String> chain(NodeRuleset r, String name) {
        return r.chains(IpFamily.IPV4).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().rules();
    }
}
