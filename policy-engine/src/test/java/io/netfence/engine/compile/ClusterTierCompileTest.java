package io.netfence.engine.compile;

import io.netfence.engine.compile.PacketWalker.Packet;
import io.netfence.engine.compile.PacketWalker.Verdict;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Admin / NetworkPolicy / Baseline interplay as compiled rules: the chain layout, a truth table of tier
 * interplay walked through the rendered chains (Accept, Pass, Deny = DROP, NetworkPolicy isolation = REJECT) and
 * checked against the analyzer, SCTP and named-port rendering, domainNames compiling to nothing, and rules only for
 * local subject pods.
 */
class ClusterTierCompileTest {

    static final String A = "10.0.1.1";   // x/a on n1, app=web
    static final String B = "10.0.1.2";   // y/b on n1, app=db
    static final String C = "10.0.2.1";   // y/c on n2, app=db
    static final LabelSelector NS_X = LabelSelector.of(Map.of("kubernetes.io/metadata.name", "x"));
    static final LabelSelector NS_Y = LabelSelector.of(Map.of("kubernetes.io/metadata.name", "y"));

    private final List<Policy> policies = new ArrayList<>();
    private final List<ClusterNetworkPolicy> cnps = new ArrayList<>();

    private ClusterSnapshot snapshot() {
        List<ContainerPortInfo> ports = List.of(new ContainerPortInfo("web", 80, Protocol.TCP), new ContainerPortInfo("assoc", 9003, Protocol.SCTP));
        return ClusterSnapshot.of(List.of(new NamespaceInfo("x", Map.of()), new NamespaceInfo("y", Map.of())),
                List.of(new PodInfo("x", "a", Map.of("app", "web"), List.of(A), "n1", false, "Running", ports),
                        new PodInfo("y", "b", Map.of("app", "db"), List.of(B), "n1", false, "Running", ports),
                        new PodInfo("y", "c", Map.of("app", "db"), List.of(C), "n2", false, "Running", ports)),
                List.of(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.0.1.0/24"), Map.of("role", "worker")),
                        new NodeInfo("n2", List.of("192.168.0.2"), List.of("10.0.2.0/24"), Map.of("role", "control"))),
                policies, cnps);
    }

    private static ClusterPolicyRule rule(String name, ClusterPolicyAction action, ClusterPolicyPeer peer, ClusterPolicyPort... ports) {
        return new ClusterPolicyRule(name, action, List.of(peer), List.of(ports));
    }

    private static ClusterNetworkPolicy cnp(String name, ClusterPolicyTier tier, int priority, LabelSelector subjectNs,
                                            List<ClusterPolicyRule> ingress, List<ClusterPolicyRule> egress) {
        return new ClusterNetworkPolicy(name, tier, priority, ClusterPolicySubject.namespaces(subjectNs), ingress, egress);
    }

    /** NetworkPolicy in y isolating every pod for ingress, allowing from namespace x. */
    private static Policy npAllowFromX() {
        return new Policy("y", "allow-x", LabelSelector.EVERYTHING, EnumSet.of(Direction.INGRESS),
                List.of(new PolicyRule(List.of(new SelectorPeer(null, NS_X)), List.of())), List.of());
    }

    /** NetworkPolicy in y isolating every pod for ingress with no rule (deny all). */
    private static Policy npDenyAll() {
        return new Policy("y", "deny-all", LabelSelector.EVERYTHING, EnumSet.of(Direction.INGRESS), List.of(), List.of());
    }

    /** a → b (same node n1) through n1's FORWARD; the analyzer must agree on allowed or not. */
    private Verdict aToB(int port, Protocol protocol) {
        ClusterSnapshot s = snapshot();
        NodeRuleset r = new NodeRulesetCompiler().compile(s, "n1");
        Verdict v = new PacketWalker(r, IpFamily.IPV4).walk("FORWARD", Packet.newConnection(A, B, protocol.kernelName(), port));
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(s);
        boolean engine = analyzer.allowed(Endpoint.pod(s.pod("x", "a").orElseThrow()), Endpoint.pod(s.pod("y", "b").orElseThrow()), port, protocol);
        assertThat(v == Verdict.ACCEPT).as("analyzer and rules agree").isEqualTo(engine);
        return v;
    }

    private static final ClusterPolicyRule ADMIN_PASS_FROM_X = rule("pass-x", ClusterPolicyAction.PASS, new ClusterPolicyPeer.Pods(NS_X, null));
    private static final ClusterPolicyRule DENY_FROM_X = rule("deny-x", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Pods(NS_X, null));
    private static final ClusterPolicyRule ACCEPT_FROM_X = rule("accept-x", ClusterPolicyAction.ACCEPT, new ClusterPolicyPeer.Pods(NS_X, null));

    @Test
    void adminPassHandsOverToNetworkPolicyWhichAllows() {
        policies.add(npAllowFromX());
        cnps.add(cnp("pass", ClusterPolicyTier.ADMIN, 1, NS_Y, List.of(ADMIN_PASS_FROM_X), List.of()));
        cnps.add(cnp("deny-later", ClusterPolicyTier.ADMIN, 2, NS_Y, List.of(DENY_FROM_X), List.of()));
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void adminPassHandsOverToNetworkPolicyWhichRejects() {
        policies.add(npDenyAll());
        cnps.add(cnp("pass", ClusterPolicyTier.ADMIN, 1, NS_Y, List.of(ADMIN_PASS_FROM_X), List.of()));
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.REJECT);
    }

    @Test
    void adminDenyBeatsNetworkPolicyAllowAndDrops() {
        policies.add(npAllowFromX());
        cnps.add(cnp("deny", ClusterPolicyTier.ADMIN, 1, NS_Y, List.of(DENY_FROM_X), List.of()));
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.DROP);
    }

    @Test
    void adminAcceptBeatsNetworkPolicyIsolationAndLaterDenies() {
        policies.add(npDenyAll());
        cnps.add(cnp("accept", ClusterPolicyTier.ADMIN, 1, NS_Y, List.of(ACCEPT_FROM_X, DENY_FROM_X), List.of()));
        cnps.add(cnp("deny-later", ClusterPolicyTier.ADMIN, 2, NS_Y, List.of(DENY_FROM_X), List.of()));
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void adminPassWithoutNetworkPolicyReachesBaselineDeny() {
        cnps.add(cnp("pass", ClusterPolicyTier.ADMIN, 1, NS_Y, List.of(ADMIN_PASS_FROM_X), List.of()));
        cnps.add(cnp("floor", ClusterPolicyTier.BASELINE, 1, NS_Y, List.of(DENY_FROM_X), List.of()));
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.DROP);
    }

    @Test
    void baselineDenyOnlyForPodsNoNetworkPolicyIsolates() {
        cnps.add(cnp("floor", ClusterPolicyTier.BASELINE, 1, NS_Y, List.of(DENY_FROM_X), List.of()));
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.DROP);
        policies.add(npAllowFromX());
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.ACCEPT);
        policies.set(0, npDenyAll());
        assertThat(aToB(80, Protocol.TCP)).as("isolated: NetworkPolicy rejects, Baseline not consulted").isEqualTo(Verdict.REJECT);
    }

    @Test
    void baselineAcceptOrPassBeforeALaterBaselineDeny() {
        cnps.add(cnp("b1", ClusterPolicyTier.BASELINE, 1, NS_Y, List.of(rule("web", ClusterPolicyAction.ACCEPT,
                new ClusterPolicyPeer.Pods(NS_X, null), ClusterPolicyPort.number(Protocol.TCP, 80))), List.of()));
        cnps.add(cnp("b2", ClusterPolicyTier.BASELINE, 1, NS_Y, List.of(rule("dns", ClusterPolicyAction.PASS,
                new ClusterPolicyPeer.Pods(NS_X, null), ClusterPolicyPort.number(Protocol.UDP, 53)), DENY_FROM_X), List.of()));
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.ACCEPT);
        assertThat(aToB(53, Protocol.UDP)).isEqualTo(Verdict.ACCEPT);
        assertThat(aToB(81, Protocol.TCP)).isEqualTo(Verdict.DROP);
    }

    @Test
    void anEgressAcceptDoesNotOverrideTheDestinationsIngress() {
        cnps.add(cnp("out", ClusterPolicyTier.ADMIN, 1, NS_X, List.of(),
                List.of(rule("to-y", ClusterPolicyAction.ACCEPT, new ClusterPolicyPeer.Pods(NS_Y, null)))));
        cnps.add(cnp("in", ClusterPolicyTier.ADMIN, 5, NS_Y, List.of(DENY_FROM_X), List.of()));
        assertThat(aToB(80, Protocol.TCP)).isEqualTo(Verdict.DROP);
    }

    @Test
    void tieredPodChainLayout() {
        policies.add(npAllowFromX());
        cnps.add(cnp("admin", ClusterPolicyTier.ADMIN, 1, NS_Y, List.of(ADMIN_PASS_FROM_X, DENY_FROM_X), List.of()));
        cnps.add(cnp("floor", ClusterPolicyTier.BASELINE, 1, NS_X, List.of(), List.of(rule("deny-y", ClusterPolicyAction.DENY,
                new ClusterPolicyPeer.Pods(NS_Y, null), ClusterPolicyPort.range(Protocol.TCP, 8000, 9000)))));
        NodeRuleset r = new NodeRulesetCompiler().compile(snapshot(), "n1");
        String admin = RulesetNames.clusterPolicyChain("admin", Direction.INGRESS);
        String floor = RulesetNames.clusterPolicyChain("floor", Direction.EGRESS);
        String xSet = RulesetNames.selectorPeerSet(IpFamily.IPV4, RulesetNames.canonicalPeer(null, NS_X, ""));
        String ySet = RulesetNames.selectorPeerSet(IpFamily.IPV4, RulesetNames.canonicalPeer(null, NS_Y, ""));
        PodInfo b = snapshot().pod("y", "b").orElseThrow();
        PodInfo a = snapshot().pod("x", "a").orElseThrow();
        Policy np = npAllowFromX();
        assertThat(chain(r, RulesetNames.podIngressChain(b))).containsExactly(
                "-j MARK --set-xmark 0x0/0x300000",
                "-j " + admin,
                "-j " + RulesetNames.policyChain(np, Direction.INGRESS),
                "-m mark ! --mark 0x100000/0x100000 -m comment --comment \"netfence drop ingress y/b\" -j NETFENCE-REJECT",
                "-j MARK --set-xmark 0x0/0x300000");
        assertThat(chain(r, admin)).containsExactly(
                "-m mark --mark 0x0/0x300000 -m set --match-set " + xSet + " src -j MARK --set-xmark 0x200000/0x200000",
                "-m mark --mark 0x0/0x300000 -m set --match-set " + xSet
                        + " src -m comment --comment \"netfence deny ingress clusternetworkpolicy admin\" -j DROP");
        assertThat(chain(r, RulesetNames.podEgressChain(a))).containsExactly(
                "-j MARK --set-xmark 0x0/0x300000",
                "-j " + floor,
                "-j MARK --set-xmark 0x0/0x300000");
        assertThat(chain(r, floor)).containsExactly("-p tcp -m mark --mark 0x0/0x300000 -m set --match-set " + ySet
                + " dst -m tcp --dport 8000:9000 -m comment --comment \"netfence deny egress clusternetworkpolicy floor\" -j DROP");
        assertThat(r.origin(admin)).hasValueSatisfying(o -> assertThat(o).contains("ClusterNetworkPolicy Admin `admin` (priority 1)"));
        assertThat(r.iptablesRestore()).doesNotContain("-j ACCEPT");
    }

    @Test
    void sctpNumbersRangesAndNamedPortsRenderWithoutTheSctpModule() {
        cnps.add(cnp("sctp", ClusterPolicyTier.ADMIN, 1, NS_X, List.of(), List.of(
                rule("one", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Pods(NS_Y, null), ClusterPolicyPort.number(Protocol.SCTP, 9001)),
                rule("range", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Pods(NS_Y, null), ClusterPolicyPort.range(Protocol.SCTP, 9004, 9005)),
                rule("named", ClusterPolicyAction.ACCEPT, new ClusterPolicyPeer.Pods(NS_Y, null), ClusterPolicyPort.named("assoc")))));
        NodeRuleset r = new NodeRulesetCompiler().compile(snapshot(), "n1");
        List<String> rules = chain(r, RulesetNames.clusterPolicyChain("sctp", Direction.EGRESS));
        assertThat(rules).anyMatch(x -> x.startsWith("-p sctp -m mark --mark 0x0/0x300000 -m set") && x.contains("-m multiport --dports 9001 "))
                .anyMatch(x -> x.contains("-p sctp") && x.contains("-m multiport --dports 9004:9005 "))
                .noneMatch(x -> x.contains("-m sctp"));
        String named = RulesetNames.namedPortSet(IpFamily.IPV4, "cluster+hostNetwork", "sctp", "assoc");
        assertThat(rules).contains("-p sctp -m mark --mark 0x0/0x300000 -m set --match-set "
                + RulesetNames.selectorPeerSet(IpFamily.IPV4, RulesetNames.canonicalPeer(null, NS_Y, "")) + " dst -m set --match-set "
                + named + " dst,dst -j MARK --set-xmark 0x100000/0x100000");
        assertThat(r.ipsets()).filteredOn(s -> s.name().equals(named)).singleElement()
                .satisfies(s -> assertThat(s.entries()).containsExactly("10.0.1.1,sctp:9003", "10.0.1.2,sctp:9003", "10.0.2.1,sctp:9003"));
        // the walker agrees: SCTP to y on 9001 and 9004 is dropped, on 9003 accepted (named port), on 9006 left to the default
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("FORWARD", Packet.newConnection(A, C, "sctp", 9001))).isEqualTo(Verdict.DROP);
        assertThat(w.walk("FORWARD", Packet.newConnection(A, C, "sctp", 9004))).isEqualTo(Verdict.DROP);
        assertThat(w.walk("FORWARD", Packet.newConnection(A, C, "sctp", 9003))).isEqualTo(Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", Packet.newConnection(A, C, "sctp", 9006))).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void networksNodesAndDomainNames() {
        cnps.add(cnp("out", ClusterPolicyTier.ADMIN, 1, NS_X, List.of(), List.of(
                new ClusterPolicyRule("dns-names", ClusterPolicyAction.DENY, List.of(new ClusterPolicyPeer.DomainNames(List.of("example.com"))), List.of()),
                rule("metadata", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Networks(List.of(Cidr.of("169.254.169.254/32"), Cidr.of("fd00:ec2::254/128")))),
                rule("control", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Nodes(LabelSelector.of(Map.of("role", "control")))))));
        NodeRuleset r = new NodeRulesetCompiler().compile(snapshot(), "n1");
        String chain = RulesetNames.clusterPolicyChain("out", Direction.EGRESS);
        assertThat(chain(r, chain)).hasSize(2).noneMatch(x -> x.contains("example.com"));
        assertThat(r.origin(chain)).hasValueSatisfying(o -> assertThat(o).contains("domainNames peers are not enforced"));
        String nodes = RulesetNames.nodeSelectorSet(IpFamily.IPV4, LabelSelector.of(Map.of("role", "control")));
        assertThat(r.ipsets()).filteredOn(s -> s.name().equals(nodes)).singleElement()
                .satisfies(s -> assertThat(s.entries()).containsExactly("192.168.0.2"));
        assertThat(r.ipsets()).anySatisfy(s -> assertThat(s.entries()).containsExactly("169.254.169.254/32"));
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("FORWARD", Packet.newConnection(A, "169.254.169.254", "tcp", 80))).isEqualTo(Verdict.DROP);
        assertThat(w.walk("FORWARD", Packet.newConnection(A, "192.168.0.2", "tcp", 10250))).isEqualTo(Verdict.DROP);
        assertThat(w.walk("INPUT", Packet.newConnection(A, "192.168.0.1", "tcp", 10250))).isEqualTo(Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", Packet.newConnection(A, "93.184.216.34", "tcp", 443))).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void rulesOnlyForLocalSubjectsSoOtherNodesRenderAsWithoutClusterPolicies() {
        policies.add(npAllowFromX());
        NodeRuleset before = new NodeRulesetCompiler().compile(snapshot(), "n1");
        // subject: pods of y with app=db — b on n1 and c on n2; a second policy selecting nothing on n1 at all
        cnps.add(new ClusterNetworkPolicy("only-n2", ClusterPolicyTier.ADMIN, 1,
                ClusterPolicySubject.pods(NS_Y, LabelSelector.of(Map.of("app", "none"))), List.of(DENY_FROM_X), List.of()));
        assertThat(new NodeRulesetCompiler().compile(snapshot(), "n1").hash()).isEqualTo(before.hash());
        cnps.add(cnp("y-deny", ClusterPolicyTier.ADMIN, 1, NS_Y, List.of(DENY_FROM_X), List.of()));
        assertThat(new NodeRulesetCompiler().compile(snapshot(), "n1").hash()).isNotEqualTo(before.hash());
    }

    @Test
    void clusterDenyCountersParsePerPolicyAndDirection() {
        String save = String.join("\n",
                "[3:180] -A NETFENCE-CI-0123456789abcdef -m mark --mark 0x0/0x300000 -m set --match-set nfs-1 src -m comment --comment \"netfence deny ingress clusternetworkpolicy guard\" -j DROP",
                "[2:100] -A NETFENCE-CI-0123456789abcdef -p tcp -m mark --mark 0x0/0x300000 -m set --match-set nfs-2 src -m tcp --dport 80 -m comment --comment \"netfence deny ingress clusternetworkpolicy guard\" -j DROP",
                "[7:420] -A NETFENCE-CE-0123456789abcdef -m mark --mark 0x0/0x300000 -m comment --comment \"netfence deny egress clusternetworkpolicy guard\" -j DROP",
                "[9:9] -A NETFENCE-IN-0123456789abcdef -m mark ! --mark 0x100000/0x100000 -m comment --comment \"netfence drop ingress y/b\" -j NETFENCE-REJECT");
        var counts = DropCounters.parseClusterDenies(save);
        assertThat(counts).containsOnlyKeys("guard");
        assertThat(counts.get("guard").get(Direction.INGRESS)).isEqualTo(new DropCounters.Count(5, 280));
        assertThat(counts.get("guard").get(Direction.EGRESS)).isEqualTo(new DropCounters.Count(7, 420));
        assertThat(DropCounters.parse(save)).containsOnlyKeys("y/b");
    }

    @Test
    void theTierBitIsTheOneNextToTheAllowBit() {
        assertThat(CompilerOptions.DEFAULTS.tierMark()).isEqualTo(0x200000);
        assertThat(new CompilerOptions(Integer.MIN_VALUE, 0, 0).tierMark()).isEqualTo(0x40000000);
    }

    private static List<String> chain(NodeRuleset r, String name) {
        return r.chains(IpFamily.IPV4).stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no chain " + name + " in\n" + r.iptablesRestore())).rules();
    }
}
