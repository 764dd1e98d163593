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
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.RandomCluster;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.reachability.StagedDenial;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Staged policies compile to counting (and logging) chains that never change a verdict. */
class StagedPolicyCompileTest {

    /** db-1 (n1) is not isolated for egress today: everything it opens is allowed, and would be denied. */
    private static final Policy DENY_ALL_DB_EGRESS = new Policy("shop", "db-out", LabelSelector.of(Map.of("app", "db")),
            EnumSet.of(Direction.EGRESS), List.of(), List.of());
    private static final Policy DENY_ALL_WEB = new Policy("shop", "lockdown", LabelSelector.of(Map.of("app", "web")),
            EnumSet.of(Direction.INGRESS), List.of(), List.of());

    @Test
    void stagedDenyAllIngressCompilesToACountingChainThatNeverDrops() {
        ClusterSnapshot snapshot = DataplaneDocExample.snapshot().withStagedPolicy(DENY_ALL_WEB);
        NodeRuleset n1 = new NodeRulesetCompiler().compile(snapshot, "n1");
        PodInfo web = snapshot.pod("shop", "web-1").orElseThrow();
        String si = RulesetNames.stagedPodChain(web, Direction.INGRESS);
        String wi = RulesetNames.stagedWouldDenyChain(DENY_ALL_WEB, Direction.INGRESS);
        String enforced = RulesetNames.policyChain(snapshot.policy("shop", "web").orElseThrow(), Direction.INGRESS);

        assertThat(chain(n1, NodeRulesetCompiler.FORWARD_CHAIN)).endsWith(
                "-d 10.244.1.5/32 -j NETFENCE-IN-0bc001f3d4c08096",
                "-d 10.244.1.5/32 -m conntrack --ctstate NEW -j " + si);
        assertThat(chain(n1, NodeRulesetCompiler.OUTPUT_CHAIN)).endsWith("-d 10.244.1.5/32 -m conntrack --ctstate NEW -j " + si);
        assertThat(chain(n1, si)).containsExactly(
                "-j MARK --set-xmark 0x0/0x100000",
                "-j " + enforced, // enforced and staged allows are one union, as NetworkPolicy adds them up
                "-m mark ! --mark 0x100000/0x100000 -j " + wi,
                "-j MARK --set-xmark 0x0/0x100000");
        assertThat(chain(n1, wi)).containsExactly("-m comment --comment \"netfence would-deny ingress stagednetworkpolicy shop/lockdown\"");
        assertThat(n1.origin(wi).orElseThrow()).contains("shop/lockdown");
        // never a verdict in a staged chain
        for (ChainSpec c : n1.chains(IpFamily.IPV4)) {
            if (c.name().matches("NETFENCE-[SQW][IE]-.*")) {
                assertThat(c.rules()).allSatisfy(r -> assertThat(r).doesNotContain("-j DROP", "-j REJECT", "-j ACCEPT",
                        "-j " + NodeRulesetCompiler.REJECT_CHAIN, "-j RETURN"));
            }
        }
        // n2 has no pod the staged policy selects
        assertThat(new NodeRulesetCompiler().compile(snapshot, "n2").iptablesRestore())
                .isEqualTo(new NodeRulesetCompiler().compile(DataplaneDocExample.snapshot(), "n2").iptablesRestore());
    }

    @Test
    void counterCountsTheAllowedConnectionsTheStagedPolicyWouldDeny() {
        ClusterSnapshot snapshot = DataplaneDocExample.snapshot().withStagedPolicy(DENY_ALL_WEB).withStagedPolicy(DENY_ALL_DB_EGRESS);
        NodeRuleset n1 = new NodeRulesetCompiler().compile(snapshot, "n1");
        PacketWalker walker = new PacketWalker(n1, IpFamily.IPV4);
        String webCounter = RulesetNames.stagedWouldDenyChain(DENY_ALL_WEB, Direction.INGRESS) + "#0";
        String dbCounter = RulesetNames.stagedWouldDenyChain(DENY_ALL_DB_EGRESS, Direction.EGRESS) + "#0";
        // frontend → web:8080: the enforced policy "web" allows it, and allows add up: not a would-deny
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.2.7", "10.244.1.5", "tcp", 8080))).isEqualTo(Verdict.ACCEPT);
        // frontend → web:9090 is denied today: rejected as before, not counted
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.2.7", "10.244.1.5", "tcp", 9090))).isEqualTo(Verdict.REJECT);
        assertThat(walker.ruleHits()).doesNotContainKey(webCounter);
        // db → frontend:80 and db → node:22 are allowed today and would be denied: still accepted, counted
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.1.6", "10.244.2.7", "tcp", 80))).isEqualTo(Verdict.ACCEPT);
        assertThat(walker.walk("INPUT", Packet.newConnection("10.244.1.6", "192.168.0.1", "tcp", 22))).isEqualTo(Verdict.ACCEPT);
        // an established packet is not a new connection
        assertThat(walker.walk("FORWARD", new Packet("10.244.1.6", "10.244.2.7", "tcp", 80, "ESTABLISHED"))).isEqualTo(Verdict.ACCEPT);
        // the node's own probe of web is always allowed and never judged
        assertThat(walker.walk("OUTPUT", Packet.newConnection("192.168.0.1", "10.244.1.5", "tcp", 9090))).isEqualTo(Verdict.ACCEPT);
        assertThat(walker.ruleHits().get(dbCounter)).isEqualTo(2L);
        assertThat(walker.ruleHits()).doesNotContainKey(webCounter);

        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        assertThat(analyzer.wouldDeny(analyzer.endpoint("shop", "db-1"), analyzer.endpoint("shop", "frontend-1"), 80, Protocol.TCP))
                .containsExactly("shop/db-out");
        assertThat(analyzer.wouldDeny(analyzer.endpoint("shop", "frontend-1"), analyzer.endpoint("shop", "web-1"), 8080, Protocol.TCP))
                .isEmpty();
        assertThat(analyzer.stagedVerdict(analyzer.endpoint("shop", "db-1"), analyzer.endpoint("shop", "frontend-1"), 80, Protocol.TCP)
                .allowed()).isFalse();
        assertThat(analyzer.allowed(analyzer.endpoint("shop", "db-1"), analyzer.endpoint("shop", "frontend-1"), 80, Protocol.TCP)).isTrue();
    }

    @Test
    void withFlowsAWouldDenyIsLoggedAtTheStagedPolicysChain() {
        ClusterSnapshot snapshot = DataplaneDocExample.snapshot().withStagedPolicy(DENY_ALL_DB_EGRESS);
        NodeRuleset n1 = new NodeRulesetCompiler(CompilerOptions.DEFAULTS.withFlowLog(FlowLogOptions.defaults(7)))
                .compile(snapshot, "n1");
        String we = RulesetNames.stagedWouldDenyChain(DENY_ALL_DB_EGRESS, Direction.EGRESS);
        PacketWalker walker = new PacketWalker(n1, IpFamily.IPV4);
        assertThat(walker.walk("FORWARD", Packet.newConnection("10.244.1.6", "10.244.2.7", "tcp", 80))).isEqualTo(Verdict.ACCEPT);
        assertThat(walker.nflogPrefixes()).containsExactly(FlowLogOptions.prefix(FlowLogOptions.WOULD_DENY, we),
                FlowLogOptions.prefix(FlowLogOptions.ALLOW, NodeRulesetCompiler.FORWARD_CHAIN));
        assertThat(FlowLogOptions.prefix(FlowLogOptions.WOULD_DENY, we).length()).isLessThanOrEqualTo(63);
    }

    @Test
    void withoutStagedPoliciesTheOutputIsUnchanged() {
        ClusterSnapshot base = DataplaneDocExample.snapshot();
        ClusterSnapshot none = base.withStagedPolicy(DENY_ALL_WEB).withoutStagedPolicy("shop", "lockdown");
        assertThat(new NodeRulesetCompiler().compile(none, "n1").hash()).isEqualTo(new NodeRulesetCompiler().compile(base, "n1").hash());
    }

    /**
     * Random clusters (NetworkPolicies and ClusterNetworkPolicies) where some of the policies are staged instead of
     * enforced: every pod-to-pod connection walked through the compiled rules gets the enforced verdict (staged rules
     * change nothing), and the would-deny counters it hits are exactly the analyzer's {@code wouldDeny} for allowed
     * connections. A connection denied today is never counted on ingress; its source's node may count an egress
     * would-deny (it cannot know the destination's ingress verdict).
     */
    @Test
    void countersMatchTheAnalyzersWouldDenyOnRandomClusters() {
        List<String> mismatches = new ArrayList<>();
        int counted = 0;
        int clusterCounted = 0;
        int checked = 0;
        for (long seed = 1; seed <= 60 && mismatches.size() < 5; seed++) {
            ClusterSnapshot base = seed % 2 == 0 ? new RandomCluster(seed).snapshotWithClusterPolicies() : new RandomCluster(seed).snapshot();
            ClusterSnapshot snapshot = stageSome(base, new Random(seed));
            ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
            Map<String, NodeRuleset> rulesets = new NodeRulesetCompiler().compileAll(snapshot);
            Map<String, String> counterOf = new HashMap<>();
            for (Policy s : snapshot.stagedPolicies()) {
                for (Direction d : Direction.values()) {
                    counterOf.put(RulesetNames.stagedWouldDenyChain(s, d) + "#0", s.key() + " " + d);
                }
            }
            for (ClusterNetworkPolicy s : snapshot.stagedClusterNetworkPolicies()) {
                for (Direction d : Direction.values()) {
                    counterOf.put(RulesetNames.stagedClusterWouldDenyChain(s.name(), d) + "#0", "cluster " + s.name() + " " + d);
                }
            }
            assertNoVerdictInStagedChains(rulesets.values());
            List<Endpoint> pods = RandomCluster.endpoints(snapshot).stream()
                    .filter(e -> e.isPod() && e.pod().selectable() && e.pod().nodeName() != null && e.ip() != null
                            && !e.ip().contains(":"))
                    .toList();
            for (Endpoint from : pods) {
                for (Endpoint to : pods) {
                    if (from.ip().equals(to.ip())) {
                        continue;
                    }
                    for (int port : RandomCluster.PORTS) {
                        Protocol proto = port == 81 ? Protocol.UDP : Protocol.TCP;
                        Map<String, PacketWalker> walkers = new HashMap<>();
                        boolean allowed = analyzer.allowed(from, to, port, proto);
                        Packet p = Packet.newConnection(from.ip(), to.ip(), proto.kernelName(), port);
                        boolean sameNode = from.pod().nodeName().equals(to.pod().nodeName());
                        Verdict v = walker(walkers, rulesets, from.pod().nodeName()).walk("FORWARD", p);
                        if (v == Verdict.ACCEPT && !sameNode) {
                            v = walker(walkers, rulesets, to.pod().nodeName()).walk("FORWARD", p);
                        }
                        checked++;
                        List<String> hitList = new ArrayList<>();
                        walkers.values().forEach(w -> w.ruleHits().forEach((k, n) -> {
                            if (counterOf.containsKey(k)) {
                                for (long i = 0; i < n; i++) {
                                    hitList.add(counterOf.get(k));
                                }
                            }
                        }));
                        TreeSet<String> hits = new TreeSet<>(hitList);
                        TreeSet<String> expected = new TreeSet<>();
                        for (StagedDenial d : analyzer.stagedDenials(from, to, port, proto)) {
                            expected.add((d.kind() == StagedDenial.Kind.STAGED_CLUSTER_NETWORK_POLICY ? "cluster " : "")
                                    + d.key() + " " + d.direction());
                            if (d.kind() == StagedDenial.Kind.STAGED_CLUSTER_NETWORK_POLICY) {
                                clusterCounted++;
                            }
                        }
                        if (hitList.size() != hits.size()) {
                            mismatches.add("seed " + seed + " " + from.label() + " -> " + to.label() + ": a counter counted twice " + hitList);
                        }
                        if (!allowed) {
                            hits.removeIf(h -> h.endsWith(" " + Direction.EGRESS) && !sameNode);
                        }
                        counted += expected.size();
                        if ((v == Verdict.ACCEPT) != allowed || !hits.equals(expected)) {
                            mismatches.add("seed " + seed + " " + from.label() + " -> " + to.label() + " " + proto + "/" + port
                                    + ": allowed " + allowed + " walked " + v + ", counters " + hits + " expected " + expected);
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isGreaterThan(5_000);
        assertThat(counted).as("staged policies must would-deny a fair share").isGreaterThan(checked / 50);
        assertThat(clusterCounted).as("staged cluster policies must would-deny a fair share").isGreaterThan(checked / 100);
    }

    @Test
    void countersAreReadPerStagedPolicyAndDirection() {
        String save = String.join("\n",
                "[3:180] -A NETFENCE-WI-aaaa -m comment --comment \"netfence would-deny ingress stagednetworkpolicy shop/lockdown\"",
                "[2:120] -A NETFENCE-WE-bbbb -m comment --comment \"netfence would-deny egress stagednetworkpolicy shop/lockdown\"",
                "[4:240] -A NETFENCE-WI-aaaa -m conntrack --ctstate NEW -j NFLOG --nflog-prefix \"netfence flow would-deny NETFENCE-WI-aaaa\"",
                "[5:300] -A NETFENCE-IN-cccc -m mark ! --mark 0x100000/0x100000 -m comment --comment \"netfence drop ingress shop/web-1\" -j NETFENCE-REJECT");
        var counts = DropCounters.parseStagedWouldDeny(save + "\n" + save.replace("[3:180]", "[1:60]"));
        assertThat(counts).containsOnlyKeys("shop/lockdown");
        assertThat(counts.get("shop/lockdown").get(Direction.INGRESS).packets()).isEqualTo(4);
        assertThat(counts.get("shop/lockdown").get(Direction.EGRESS).packets()).isEqualTo(4);
        assertThat(DropCounters.parse(save)).containsOnlyKeys("shop/web-1");
    }

    private static PacketWalker walker(Map<String, PacketWalker> walkers, Map<String, NodeRuleset> rulesets, String node) {
        return walkers.computeIfAbsent(node, n -> new PacketWalker(rulesets.get(n), IpFamily.IPV4));
    }

    /**
     * Moves about a third of the enforced policies and ClusterNetworkPolicies to staged, stages a deny-all NetworkPolicy
     * of a random direction and, with ClusterNetworkPolicies, a staged Admin Deny, a staged Admin Pass and a staged
     * Baseline Deny of random reach, and sometimes a staged replacement under an enforced policy's own name.
     */
    private static ClusterSnapshot stageSome(ClusterSnapshot base, Random random) {
        List<Policy> enforced = new ArrayList<>();
        List<Policy> staged = new ArrayList<>();
        for (Policy p : base.policies()) {
            (random.nextInt(3) == 0 ? staged : enforced).add(p);
        }
        String ns = base.pods().isEmpty() ? "default" : base.pods().get(random.nextInt(base.pods().size())).namespace();
        staged.add(new Policy(ns, "staged-deny-all", LabelSelector.of(Map.of()),
                EnumSet.of(random.nextBoolean() ? Direction.INGRESS : Direction.EGRESS), List.of(), List.of()));
        if (!enforced.isEmpty() && random.nextBoolean()) {
            Policy same = enforced.get(0); // a staged replacement under an enforced policy's own name
            staged.add(new Policy(same.namespace(), same.name(), same.podSelector(), EnumSet.allOf(Direction.class),
                    List.of(), same.egress()));
        }
        List<ClusterNetworkPolicy> enforcedCluster = new ArrayList<>();
        List<ClusterNetworkPolicy> stagedCluster = new ArrayList<>();
        if (!base.clusterNetworkPolicies().isEmpty()) {
            for (ClusterNetworkPolicy c : base.clusterNetworkPolicies()) {
                (random.nextInt(3) == 0 ? stagedCluster : enforcedCluster).add(c);
            }
            String other = base.pods().get(random.nextInt(base.pods().size())).namespace();
            LabelSelector subjectNs = LabelSelector.of(Map.of("kubernetes.io/metadata.name", ns));
            LabelSelector peerNs = LabelSelector.of(Map.of("kubernetes.io/metadata.name", other));
            ClusterPolicyPort port = ClusterPolicyPort.number(Protocol.TCP, RandomCluster.PORTS[random.nextInt(3)]);
            stagedCluster.add(new ClusterNetworkPolicy("staged-admin-deny", ClusterPolicyTier.ADMIN, random.nextInt(3) * 10,
                    ClusterPolicySubject.namespaces(subjectNs),
                    List.of(new ClusterPolicyRule("", ClusterPolicyAction.DENY, List.of(new ClusterPolicyPeer.Pods(peerNs, null)), List.of(port))),
                    List.of(new ClusterPolicyRule("", ClusterPolicyAction.DENY, List.of(new ClusterPolicyPeer.Pods(peerNs, null)), List.of()))));
            stagedCluster.add(new ClusterNetworkPolicy("staged-admin-pass", ClusterPolicyTier.ADMIN, random.nextInt(3) * 10,
                    ClusterPolicySubject.namespaces(LabelSelector.EVERYTHING),
                    List.of(new ClusterPolicyRule("", ClusterPolicyAction.PASS, List.of(new ClusterPolicyPeer.Pods(LabelSelector.EVERYTHING, null)), List.of(port))),
                    List.of()));
            stagedCluster.add(new ClusterNetworkPolicy("staged-baseline-deny", ClusterPolicyTier.BASELINE, random.nextInt(3) * 10,
                    ClusterPolicySubject.namespaces(LabelSelector.EVERYTHING),
                    List.of(new ClusterPolicyRule("", ClusterPolicyAction.DENY, List.of(new ClusterPolicyPeer.Pods(peerNs, null)), List.of())),
                    List.of(new ClusterPolicyRule("", ClusterPolicyAction.DENY, List.of(new ClusterPolicyPeer.Pods(subjectNs, null)), List.of(port)))));
            if (!enforcedCluster.isEmpty() && random.nextBoolean()) {
                ClusterNetworkPolicy same = enforcedCluster.get(random.nextInt(enforcedCluster.size()));
                List<ClusterPolicyRule> flipped = same.ingress().stream().map(r -> new ClusterPolicyRule(r.name(),
                        r.action() == ClusterPolicyAction.DENY ? ClusterPolicyAction.ACCEPT : ClusterPolicyAction.DENY, r.peers(), r.ports())).toList();
                stagedCluster.add(new ClusterNetworkPolicy(same.name(), same.tier(), same.priority(), same.subject(), flipped, same.egress()));
            }
        }
        return ClusterSnapshot.of(base.namespaces(), base.pods(), base.nodes(), enforced, enforcedCluster, staged, stagedCluster);
    }

    /** No staged chain can change a verdict: no DROP, REJECT, ACCEPT or RETURN, no jump to the reject chain. */
    private static void assertNoVerdictInStagedChains(java.util.Collection<NodeRuleset> rulesets) {
        for (NodeRuleset r : rulesets) {
            for (IpFamily f : IpFamily.values()) {
                for (ChainSpec c : r.chains(f) == null ? List.<ChainSpec>of() : r.chains(f)) {
                    if (c.name().matches("NETFENCE-[SQWYVK][IE]-.*")) {
                        assertThat(c.rules()).allSatisfy(rule -> assertThat(rule).doesNotContain("-j DROP", "-j REJECT", "-j ACCEPT",
                                "-j " + NodeRulesetCompiler.REJECT_CHAIN, "-j RETURN", "-j NETFENCE-IN-", "-j NETFENCE-EG-"));
                    }
                }
            }
        }
    }

    private static List<String> chain(NodeRuleset r, String name) {
        return r.chains(IpFamily.IPV4).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().rules();
    }
}
