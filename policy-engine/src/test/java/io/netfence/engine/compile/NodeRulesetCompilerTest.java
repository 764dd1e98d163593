package io.netfence.engine.compile;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
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
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeRulesetCompilerTest {

    private final NodeRulesetCompiler compiler = new NodeRulesetCompiler();

    static PodInfo pod(String ns, String name, String node, Map<String, String> labels, String... ips) {
        return new PodInfo(ns, name, labels, List.of(ips), node, false, "Running",
                List.of(new ContainerPortInfo("http", 8080, Protocol.TCP)));
    }

    static final NodeInfo N1 = new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24"));
    static final NodeInfo N2 = new NodeInfo("n2", List.of("192.168.0.2"), List.of("10.244.2.0/24"));

    static Policy webFromFrontend() {
        PolicyRule rule = new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("role", "frontend")), null)),
                List.of(PortSpec.number(Protocol.TCP, 8080)));
        return new Policy("shop", "web-from-frontend", LabelSelector.of(Map.of("app", "web")), EnumSet.of(Direction.INGRESS),
                List.of(rule), List.of());
    }

    static ClusterSnapshot shop(List<PodInfo> extraPods) {
        List<PodInfo> pods = new ArrayList<>(List.of(
                pod("shop", "web-1", "n1", Map.of("app", "web"), "10.244.1.5"),
                pod("shop", "frontend-1", "n2", Map.of("role", "frontend"), "10.244.2.7"),
                pod("shop", "other-1", "n1", Map.of("app", "other"), "10.244.1.6")));
        pods.addAll(extraPods);
        return ClusterSnapshot.of(List.of(new NamespaceInfo("shop", Map.of())), pods, List.of(N1, N2), List.of(webFromFrontend()));
    }

    @Test
    void sameSnapshotInAnyOrderGivesByteIdenticalScriptsAndHash() {
        ClusterSnapshot a = SyntheticCluster.generate(new SyntheticCluster.Params(300, 40, 4, 6, 0.2, 7));
        List<PodInfo> shuffled = new ArrayList<>(a.pods());
        Collections.shuffle(shuffled, new java.util.Random(1));
        List<Policy> policies = new ArrayList<>(a.policies());
        Collections.reverse(policies);
        ClusterSnapshot b = ClusterSnapshot.of(a.namespaces(), shuffled, a.nodes(), policies);
        for (NodeInfo n : a.nodes()) {
            NodeRuleset ra = compiler.compile(a, n.name());
            NodeRuleset rb = new NodeRulesetCompiler().compile(b, n.name());
            assertThat(rb.ipsetRestore()).isEqualTo(ra.ipsetRestore());
            assertThat(rb.iptablesRestore()).isEqualTo(ra.iptablesRestore());
            assertThat(rb.ip6tablesRestore()).isEqualTo(ra.ip6tablesRestore());
            assertThat(rb.hash()).isEqualTo(ra.hash());
            assertThat(ra.stats().isolatedPods()).isPositive();
        }
    }

    @Test
    void namesFitKernelLimitsAndSetsAndEntriesAreSorted() {
        ClusterSnapshot s = SyntheticCluster.generate(new SyntheticCluster.Params(500, 80, 3, 8, 0.5, 3));
        NodeRuleset r = compiler.compile(s, SyntheticCluster.nodeName(0));
        assertThat(r.uses(IpFamily.IPV6)).isTrue();
        for (IpFamily f : IpFamily.values()) {
            for (ChainSpec c : r.chains(f)) {
                assertThat(c.name()).startsWith("NETFENCE-").hasSizeLessThanOrEqualTo(28);
            }
        }
        for (IpSetSpec set : r.ipsets()) {
            assertThat(set.name()).startsWith(set.family().setPrefix()).hasSizeLessThanOrEqualTo(31 - IpsetRestoreRenderer.TEMP_SUFFIX.length());
            assertThat(set.entries()).isSorted().doesNotHaveDuplicates();
        }
        assertThat(r.ipsets(IpFamily.IPV4)).extracting(IpSetSpec::name).isSorted().allMatch(n -> !n.startsWith("nf6"));
        assertThat(r.ipsets(IpFamily.IPV6)).extracting(IpSetSpec::name).allMatch(n -> n.startsWith("nf6"));
    }

    @Test
    void podsSelectedByNoPolicyAreUntouched() {
        NodeRuleset r = compiler.compile(shop(List.of()), "n1");
        String script = r.iptablesRestore();
        assertThat(script).contains("-A NETFENCE-FORWARD -d 10.244.1.5/32 -j " + RulesetNames.podIngressChain(shop(List.of()).pods().get(2)));
        assertThat(script).doesNotContain("10.244.1.6");
        assertThat(r.stats().localPods()).isEqualTo(2);
        assertThat(r.stats().isolatedPods()).isEqualTo(1);
        // the egress side of web-1 is not isolated: no egress chain at all
        assertThat(script).doesNotContain("NETFENCE-EG-");
    }

    /**
     * A host-network pod has the node's address: a chain for it would judge all of the node's own traffic
     * (-s 192.168.0.1 in INPUT, -d 192.168.0.1 in FORWARD/OUTPUT). NetworkPolicy does not apply to it, neither as a
     * selected pod nor as a peer.
     */
    @Test
    void hostNetworkPodsAreNeverSelectedNorPeers() {
        PodInfo etcd = new PodInfo("shop", "etcd-n1", Map.of("app", "web", "role", "frontend"), List.of("192.168.0.1"), "n1",
                true, "Running", List.of());
        Policy allFromFrontend = new Policy("shop", "all-from-frontend", LabelSelector.EVERYTHING, EnumSet.of(Direction.INGRESS, Direction.EGRESS),
                List.of(webFromFrontend().ingress().get(0)), List.of());
        NodeRuleset r = compiler.compile(shop(List.of(etcd)).withPolicy(allFromFrontend), "n1");
        assertThat(r.iptablesRestore()).doesNotContain("192.168.0.1/32");
        assertThat(r.stats().localPods()).isEqualTo(2);
        assertThat(r.ipsets()).filteredOn(x -> x.name().startsWith("nfs-")).allSatisfy(x -> assertThat(x.entries()).doesNotContain("192.168.0.1"));
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("INPUT", PacketWalker.Packet.newConnection("192.168.0.1", "192.168.0.1", "tcp", 2379))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("192.168.0.2", "192.168.0.1", "tcp", 2379))).isEqualTo(PacketWalker.Verdict.ACCEPT);
    }

    /** Names come from identity, not position: a policy sorted before the others renames nothing that existed. */
    @Test
    void namesStayWhenAPolicySortedFirstIsAdded() {
        NodeRuleset before = compiler.compile(shop(List.of()), "n1");
        Policy first = new Policy("shop", "aaa-first", LabelSelector.of(Map.of("app", "other")), EnumSet.of(Direction.INGRESS, Direction.EGRESS),
                List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("role", "db")), null)), List.of())), List.of());
        NodeRuleset after = compiler.compile(shop(List.of()).withPolicy(first), "n1");
        assertThat(after.chains(IpFamily.IPV4)).hasSizeGreaterThan(before.chains(IpFamily.IPV4).size()).extracting(ChainSpec::name)
                .containsAll(before.chains(IpFamily.IPV4).stream().map(ChainSpec::name).toList());
        // the chains of pods and policies that did not change are the same, rule for rule
        assertThat(after.chains(IpFamily.IPV4)).containsAll(before.chains(IpFamily.IPV4).stream()
                .filter(c -> c.name().matches("NETFENCE-(IN|EG|PI|PE)-.*")).toList());
        assertThat(after.ipsets()).hasSizeGreaterThan(before.ipsets().size()).containsAll(before.ipsets());
    }

    @Test
    void peerLabelChangeOnlyChangesSetMembers() {
        ClusterSnapshot before = shop(List.of(pod("shop", "batch-1", "n2", Map.of("role", "batch"), "10.244.2.9")));
        ClusterSnapshot after = shop(List.of(pod("shop", "batch-1", "n2", Map.of("role", "frontend"), "10.244.2.9")));
        NodeRuleset a = compiler.compile(before, "n1");
        NodeRuleset b = compiler.compile(after, "n1");
        assertThat(b.chainsHash(IpFamily.IPV4)).isEqualTo(a.chainsHash(IpFamily.IPV4));
        assertThat(b.iptablesRestore()).isEqualTo(a.iptablesRestore());
        assertThat(b.hash()).isNotEqualTo(a.hash());
        assertThat(b.ipsets()).extracting(IpSetSpec::name).isEqualTo(a.ipsets().stream().map(IpSetSpec::name).toList());
        IpSetSpec frontends = b.ipsets().stream().filter(s -> s.entries().contains("10.244.2.7")).findFirst().orElseThrow();
        assertThat(frontends.entries()).containsExactly("10.244.2.7", "10.244.2.9");
    }

    @Test
    void localPodLosingItsPolicyChangesChains() {
        ClusterSnapshot before = shop(List.of(pod("shop", "web-2", "n1", Map.of("app", "web"), "10.244.1.8")));
        ClusterSnapshot after = shop(List.of(pod("shop", "web-2", "n1", Map.of("app", "legacy"), "10.244.1.8")));
        assertThat(compiler.compile(after, "n1").chainsHash(IpFamily.IPV4))
                .isNotEqualTo(compiler.compile(before, "n1").chainsHash(IpFamily.IPV4));
    }

    @Test
    void ruleCountDoesNotGrowWithPeerPods() {
        List<PodInfo> manyFrontends = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            manyFrontends.add(pod("shop", "fe-" + i, "n2", Map.of("role", "frontend"), "10.244." + (3 + i / 200) + "." + (i % 200 + 2)));
        }
        RulesetStats few = compiler.compile(shop(List.of()), "n1").stats();
        RulesetStats many = compiler.compile(shop(manyFrontends), "n1").stats();
        assertThat(many.rules()).isEqualTo(few.rules());
        assertThat(many.chains()).isEqualTo(few.chains());
        assertThat(many.setEntries()).isEqualTo(few.setEntries() + 500);
    }

    @Test
    void nodeAddressesAndPodCidrGatewayAreAlwaysAllowedToLocalPods() {
        NodeRuleset r = compiler.compile(shop(List.of()), "n1");
        IpSetSpec node = r.ipsets().stream().filter(s -> s.name().equals(RulesetNames.nodeAddressSet(IpFamily.IPV4, "n1"))).findFirst().orElseThrow();
        assertThat(node.entries()).containsExactly("10.244.1.1", "192.168.0.1");
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("OUTPUT", PacketWalker.Packet.newConnection("10.244.1.1", "10.244.1.5", "tcp", 22))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("192.168.0.2", "10.244.1.5", "tcp", 22))).isEqualTo(PacketWalker.Verdict.REJECT);
    }

    /**
     * The first address of the pod CIDR is the bridge's only by convention: with routed veths an IPAM may give it to
     * a pod, and that pod must not pass for the node (which is never judged for ingress).
     */
    @Test
    void aPodHoldingTheFirstAddressOfThePodCidrIsNotTakenForTheNode() {
        PodInfo first = pod("shop", "first-1", "n1", Map.of("app", "first"), "10.244.1.1");
        NodeRuleset r = compiler.compile(shop(List.of(first)), "n1");
        IpSetSpec node = r.ipsets().stream().filter(s -> s.name().equals(RulesetNames.nodeAddressSet(IpFamily.IPV4, "n1"))).findFirst().orElseThrow();
        assertThat(node.entries()).containsExactly("192.168.0.1");
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.1", "10.244.1.5", "tcp", 8080))).isEqualTo(PacketWalker.Verdict.REJECT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.2.7", "10.244.1.5", "tcp", 8080))).isEqualTo(PacketWalker.Verdict.ACCEPT);
    }

    @Test
    void establishedTrafficIsNeverJudgedAndDropsAreCountedPerPod() {
        NodeRuleset r = compiler.compile(shop(List.of()), "n1");
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("FORWARD", new PacketWalker.Packet("10.244.2.99", "10.244.1.5", "tcp", 22, "ESTABLISHED"))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        // ICMP errors of allowed flows (port unreachable, fragmentation needed) are RELATED
        assertThat(w.walk("FORWARD", new PacketWalker.Packet("10.244.2.99", "10.244.1.5", "icmp", 0, "RELATED"))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        assertThat(w.walk("OUTPUT", new PacketWalker.Packet("10.244.2.99", "10.244.1.5", "icmp", 0, "RELATED"))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.2.99", "10.244.1.5", "tcp", 22))).isEqualTo(PacketWalker.Verdict.REJECT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.2.7", "10.244.1.5", "tcp", 8080))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        String podChain = RulesetNames.podIngressChain(shop(List.of()).pods().get(2));
        List<String> rules = r.chains(IpFamily.IPV4).stream().filter(c -> c.name().equals(podChain)).findFirst().orElseThrow().rules();
        int dropRule = rules.indexOf(rules.stream().filter(x -> x.contains("netfence drop ingress shop/web-1")).findFirst().orElseThrow());
        assertThat(w.ruleHits()).containsEntry(podChain + "#" + dropRule, 1L);
    }

    @Test
    void ipv6RulesetOnlyWhenTheClusterHasIpv6PodAddresses() {
        assertThat(compiler.compile(shop(List.of()), "n1").ip6tablesRestore()).isEmpty();
        NodeRuleset dual = compiler.compile(shop(List.of(pod("shop", "web-6", "n1", Map.of("app", "web"), "10.244.1.9", "fd00::9"))), "n1");
        assertThat(dual.ip6tablesRestore()).contains("-d fd00::9/128 -j NETFENCE-IN-").contains("icmp6-port-unreachable");
        assertThat(dual.ipsetRestore()).contains("family inet6");
    }

    @Test
    void wholeAddressSpaceBlockIsSplitBecauseHashNetCannotHoldSlashZero() {
        PolicyRule egress = new PolicyRule(List.of(new IpBlockPeer(Cidr.of("0.0.0.0/0"), List.of(Cidr.of("10.0.0.0/8")))), List.of());
        Policy p = new Policy("shop", "internet", LabelSelector.EVERYTHING, EnumSet.of(Direction.EGRESS), List.of(), List.of(egress));
        ClusterSnapshot s = shop(List.of()).withPolicy(p);
        NodeRuleset r = compiler.compile(s, "n1");
        assertThat(r.ipsets()).filteredOn(x -> x.type().equals("hash:net")).singleElement()
                .extracting(IpSetSpec::entries).isEqualTo(List.of("0.0.0.0/1", "10.0.0.0/8 nomatch", "128.0.0.0/1"));
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.6", "8.8.8.8", "udp", 53))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.6", "10.244.2.7", "tcp", 80))).isEqualTo(PacketWalker.Verdict.REJECT);
    }

    @Test
    void sameNodeTrafficMustPassEgressAndIngress() {
        PolicyRule anywhere = new PolicyRule(List.of(), List.of());
        Policy otherEgressAll = new Policy("shop", "other-out", LabelSelector.of(Map.of("app", "other")), EnumSet.of(Direction.EGRESS),
                List.of(), List.of(anywhere));
        NodeRuleset r = compiler.compile(shop(List.of()).withPolicy(otherEgressAll), "n1");
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        // other-1 may send anywhere, but web-1 only accepts frontends: the egress allow must not short-cut ingress
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.6", "10.244.1.5", "tcp", 8080))).isEqualTo(PacketWalker.Verdict.REJECT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.6", "10.244.2.7", "tcp", 8080))).isEqualTo(PacketWalker.Verdict.ACCEPT);
    }

    /**
     * An INVALID packet of an established connection (e.g. an out-of-window retransmit) is judged like NEW; when the
     * direction is not allowed it must be dropped silently: a tcp-reset answering it would kill the live connection
     * (kubernetes#74839, the reason kube-proxy drops INVALID in FORWARD, a chain netfence's hook runs before).
     */
    @Test
    void deniedInvalidPacketsAreDroppedNotAnsweredWithAReset() {
        NodeRuleset r = compiler.compile(shop(List.of()), "n1");
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("FORWARD", new PacketWalker.Packet("10.244.2.99", "10.244.1.5", "tcp", 22, "INVALID"))).isEqualTo(PacketWalker.Verdict.DROP);
        assertThat(w.walk("FORWARD", new PacketWalker.Packet("10.244.2.7", "10.244.1.5", "tcp", 8080, "INVALID"))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.2.99", "10.244.1.5", "tcp", 22))).isEqualTo(PacketWalker.Verdict.REJECT);
        String withLog = new NodeRulesetCompiler(CompilerOptions.withNflog(7, 30)).compile(shop(List.of()), "n1").iptablesRestore();
        assertThat(withLog).contains("--nflog-group 7\n-A NETFENCE-REJECT -m conntrack --ctstate INVALID -j DROP\n"
                + "-A NETFENCE-REJECT -p tcp -j REJECT --reject-with tcp-reset\n");
    }

    @Test
    void nflogIsOffByDefaultAndRateLimitedWhenOn() {
        assertThat(compiler.compile(shop(List.of()), "n1").iptablesRestore()).doesNotContain("NFLOG");
        String withLog = new NodeRulesetCompiler(CompilerOptions.withNflog(7, 30)).compile(shop(List.of()), "n1").iptablesRestore();
        assertThat(withLog).contains("-A NETFENCE-REJECT -m limit --limit 30/min --limit-burst 30 -j NFLOG --nflog-prefix \"netfence drop\" --nflog-group 7\n");
        // as iptables-save prints it (the agent's 60/min is 1/sec), or every drift check would repair the rule
        assertThat(new NodeRulesetCompiler(CompilerOptions.withNflog(7, 60)).compile(shop(List.of()), "n1").iptablesRestore())
                .contains("-A NETFENCE-REJECT -m limit --limit 1/sec --limit-burst 60 -j NFLOG");
        assertThat(FamilyRulesetBuilder.limitRate(120)).isEqualTo("2/sec");
        assertThat(FamilyRulesetBuilder.limitRate(90)).isEqualTo("90/min");
    }

    @Test
    void hooksComeLastInTheScriptAndFirstInTheBuiltinChains() {
        NodeRuleset r = compiler.compile(shop(List.of()), "n1");
        assertThat(r.iptablesRestore()).endsWith("-I FORWARD 1 -m comment --comment netfence -j NETFENCE-FORWARD\n"
                + "-I INPUT 1 -m comment --comment netfence -j NETFENCE-INPUT\n"
                + "-I OUTPUT 1 -m comment --comment netfence -j NETFENCE-OUTPUT\nCOMMIT\n");
        assertThat(r.chainsRestore(IpFamily.IPV4)).doesNotContain("-I ").contains(":NETFENCE-FORWARD - [0:0]");
    }

    @Test
    void egressNamedPortResolvesOnEachDestinationPodAcrossTheCluster() {
        PodInfo apiA = new PodInfo("shop", "api-a", Map.of("app", "api"), List.of("10.244.2.20"), "n2", false, "Running",
                List.of(new ContainerPortInfo("http", 8080, Protocol.TCP)));
        PodInfo apiB = new PodInfo("shop", "api-b", Map.of("app", "api"), List.of("10.244.2.21"), "n2", false, "Running",
                List.of(new ContainerPortInfo("http", 9000, Protocol.TCP)));
        PolicyRule toHttp = new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "api")), null)),
                List.of(PortSpec.named(Protocol.TCP, "http")));
        Policy webOut = new Policy("shop", "web-out", LabelSelector.of(Map.of("app", "web")), EnumSet.of(Direction.EGRESS), List.of(), List.of(toHttp));
        NodeRuleset r = compiler.compile(shop(List.of(apiA, apiB)).withPolicy(webOut), "n1");
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.5", "10.244.2.20", "tcp", 8080))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.5", "10.244.2.21", "tcp", 9000))).isEqualTo(PacketWalker.Verdict.ACCEPT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.5", "10.244.2.20", "tcp", 9000))).isEqualTo(PacketWalker.Verdict.REJECT);
        assertThat(w.walk("FORWARD", PacketWalker.Packet.newConnection("10.244.1.5", "10.244.2.21", "tcp", 8080))).isEqualTo(PacketWalker.Verdict.REJECT);
        assertThat(r.ipsets()).filteredOn(s -> s.type().equals("hash:ip,port")).singleElement().extracting(IpSetSpec::entries)
                .isEqualTo(List.of("10.244.1.5,tcp:8080", "10.244.1.6,tcp:8080", "10.244.2.20,tcp:8080", "10.244.2.21,tcp:9000",
                        "10.244.2.7,tcp:8080")); // every pod of the cluster exposing "http", with its own number
    }

    @Test
    void ipv6NeighbourDiscoveryIsNeverJudged() {
        NodeRuleset dual = compiler.compile(shop(List.of(pod("shop", "web-6", "n1", Map.of("app", "web"), "10.244.1.9", "fd00::9"))), "n1");
        PacketWalker w = new PacketWalker(dual, IpFamily.IPV6);
        // a neighbour solicitation is not ESTABLISHED (conntrack does not track it) and comes from an unlisted peer
        for (String hook : List.of("FORWARD", "OUTPUT", "INPUT")) {
            assertThat(w.walk(hook, new PacketWalker.Packet("fd00::77", "fd00::9", "ipv6-icmp", 135, "INVALID")))
                    .as(hook).isEqualTo(PacketWalker.Verdict.ACCEPT);
        }
        assertThat(w.walk("FORWARD", new PacketWalker.Packet("fd00::77", "fd00::9", "ipv6-icmp", 128, "NEW"))).isEqualTo(PacketWalker.Verdict.REJECT);
        assertThat(dual.ip6tablesRestore()).contains("-A NETFENCE-FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type 136 -j RETURN\n");
        assertThat(dual.iptablesRestore()).doesNotContain("icmp6");
    }

    @Test
    void compileAllGivesEachNodeExactlyItsOwnCompile() {
        ClusterSnapshot s = SyntheticCluster.generate(new SyntheticCluster.Params(400, 60, 5, 8, 0.3, 9));
        Map<String, NodeRuleset> all = compiler.compileAll(s);
        assertThat(all.keySet()).containsExactly("node-00", "node-01", "node-02", "node-03", "node-04");
        for (var e : all.entrySet()) {
            NodeRuleset alone = new NodeRulesetCompiler().compile(s, e.getKey());
            assertThat(e.getValue().hash()).isEqualTo(alone.hash());
            assertThat(e.getValue().ipsetRestore()).isEqualTo(alone.ipsetRestore());
        }
    }

    @Test
    void compileNodesGivesEachNamedNodeExactlyItsOwnCompile() {
        ClusterSnapshot s = SyntheticCluster.generate(new SyntheticCluster.Params(400, 60, 5, 8, 0.3, 11));
        Map<String, NodeRuleset> some = compiler.compileNodes(s, List.of("node-03", "node-01"));
        assertThat(some.keySet()).containsExactly("node-03", "node-01");
        for (var e : some.entrySet()) {
            NodeRuleset alone = new NodeRulesetCompiler().compile(s, e.getKey());
            assertThat(e.getValue().hash()).isEqualTo(alone.hash());
            assertThat(e.getValue().iptablesRestore()).isEqualTo(alone.iptablesRestore());
            assertThat(e.getValue().ipsetRestore()).isEqualTo(alone.ipsetRestore());
        }
    }
}
