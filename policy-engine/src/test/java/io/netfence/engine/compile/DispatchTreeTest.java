package io.netfence.engine.compile;

import io.netfence.engine.compile.PacketWalker.Packet;
import io.netfence.engine.compile.PacketWalker.Verdict;
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
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-pod dispatch as a prefix tree of chains (docs/dataplane.md, "Dispatch"): small nodes keep the flat layout,
 * large ones walk a few dozen rules instead of one per pod, every packet passes exactly the pod chains (in the same
 * order, with the same verdict) it passes in the flat layout, and one pod added or removed changes its bucket only.
 */
class DispatchTreeTest {

    private static final CompilerOptions FLAT = CompilerOptions.DEFAULTS.withDispatchBucket(Integer.MAX_VALUE);
    private static final NodeInfo N1 = new NodeInfo("n1", List.of("192.168.0.1", "fd00:192::1"),
            List.of("10.244.0.0/23", "fd00:10:244:1::/64"));
    private static final NodeInfo N2 = new NodeInfo("n2", List.of("192.168.0.2"), List.of("10.244.2.0/24"));
    private static final List<String> REMOTE = List.of("10.244.2.7", "fd00:10:244:2::7", "8.8.8.8", "192.168.0.2");

    private static PodInfo pod(String name, Map<String, String> labels, String node, String... ips) {
        return new PodInfo("app", name, labels, List.of(ips), node, false, "Running",
                List.of(new ContainerPortInfo("http", 8080, Protocol.TCP)));
    }

    /** Pods p000.. on n1 (role=r0..r3 round robin) with the given addresses; a client on n2; policies isolating them. */
    private static ClusterSnapshot node(List<List<String>> addresses, List<Policy> policies) {
        List<PodInfo> pods = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            pods.add(pod(String.format("p%03d", i), Map.of("role", "r" + i % 4), "n1", addresses.get(i).toArray(String[]::new)));
        }
        pods.add(pod("client", Map.of("role", "client"), "n2", "10.244.2.7", "fd00:10:244:2::7"));
        return ClusterSnapshot.of(List.of(new NamespaceInfo("app", Map.of())), pods, List.of(N1, N2), policies);
    }

    /** Every pod of the namespace isolated both ways; ingress from r0 and the client on TCP 8080, egress to r1 and 8.8.8.8. */
    private static List<Policy> isolateAll() {
        PolicyRule from = new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("role", "r0")), null),
                new SelectorPeer(LabelSelector.of(Map.of("role", "client")), null)), List.of(PortSpec.number(Protocol.TCP, 8080)));
        PolicyRule to = new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("role", "r1")), null),
                new IpBlockPeer(io.netfence.engine.model.Cidr.of("8.8.8.8/32"), List.of())), List.of());
        return List.of(new Policy("app", "all", LabelSelector.EVERYTHING, EnumSet.of(Direction.INGRESS, Direction.EGRESS),
                List.of(from), List.of(to)));
    }

    private static List<List<String>> ipv4(int first, int count) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(List.of("10.244.1." + (first + i)));
        }
        return out;
    }

    private static List<String> rules(NodeRuleset r, IpFamily f, String chain) {
        return r.chains(f).stream().filter(c -> c.name().equals(chain)).findFirst().orElseThrow().rules();
    }

    private static List<ChainSpec> dispatchChains(NodeRuleset r, IpFamily f) {
        return r.chains(f).stream().filter(c -> c.name().matches("NETFENCE-D[EI]-[0-9a-f]{16}")).toList();
    }

    @Test
    void upToSixteenPodsKeepTheFlatLayoutInPodOrder() {
        NodeRuleset r = new NodeRulesetCompiler().compile(node(ipv4(50, 16), isolateAll()), "n1");

        assertThat(dispatchChains(r, IpFamily.IPV4)).isEmpty();
        List<String> forward = rules(r, IpFamily.IPV4, NodeRulesetCompiler.FORWARD_CHAIN);
        assertThat(forward).hasSize(1 + 16 + 1 + 16);
        assertThat(forward.get(1)).startsWith("-s 10.244.1.50/32 -j NETFENCE-EG-");
        assertThat(forward.get(16)).startsWith("-s 10.244.1.65/32 -j NETFENCE-EG-");
        assertThat(r.iptablesRestore()).isEqualTo(new NodeRulesetCompiler(FLAT).compile(node(ipv4(50, 16), isolateAll()), "n1")
                .iptablesRestore());
    }

    @Test
    void twoHundredPodsAreDispatchedByPrefixAndAPacketWalksAFewDozenRulesInsteadOfFourHundred() {
        ClusterSnapshot s = node(ipv4(50, 200), isolateAll());
        NodeRuleset tree = new NodeRulesetCompiler().compile(s, "n1");
        NodeRuleset flat = new NodeRulesetCompiler(FLAT).compile(s, "n1");

        List<String> forward = rules(tree, IpFamily.IPV4, NodeRulesetCompiler.FORWARD_CHAIN);
        // .50-.249 in the /24: .48/28 .. .240/28, 13 buckets per direction
        assertThat(forward).contains("-s 10.244.1.48/28 -j " + RulesetNames.dispatchChain(Direction.EGRESS, "10.244.1.48/28"),
                "-d 10.244.1.240/28 -j " + RulesetNames.dispatchChain(Direction.INGRESS, "10.244.1.240/28"));
        assertThat(forward).hasSize(1 + 13 + 1 + 13);
        assertThat(rules(tree, IpFamily.IPV4, NodeRulesetCompiler.INPUT_CHAIN)).isEqualTo(forward.subList(0, 14));
        assertThat(dispatchChains(tree, IpFamily.IPV4)).hasSize(26).allSatisfy(c -> assertThat(c.rules()).hasSizeBetween(2, 16));
        assertThat(rules(tree, IpFamily.IPV4, RulesetNames.dispatchChain(Direction.EGRESS, "10.244.1.48/28")))
                .hasSize(14).first().asString().startsWith("-s 10.244.1.50/32 -j NETFENCE-EG-");
        assertThat(tree.origins()).containsEntry(RulesetNames.dispatchChain(Direction.INGRESS, "10.244.1.240/28"),
                "ingress dispatch of the local pods in 10.244.1.240/28");

        // r0 → r1 on the node, both late in pod order: the flat layout walks every jump of both directions
        Packet p = Packet.newConnection("10.244.1.246", "10.244.1.247", "tcp", 8080);
        PacketWalker flatWalker = new PacketWalker(flat, IpFamily.IPV4);
        PacketWalker treeWalker = new PacketWalker(tree, IpFamily.IPV4);
        assertThat(treeWalker.walk("FORWARD", p)).isEqualTo(flatWalker.walk("FORWARD", p)).isEqualTo(Verdict.ACCEPT);
        assertThat(flatWalker.rulesEvaluated()).isGreaterThan(400);
        assertThat(treeWalker.rulesEvaluated()).isLessThan(80);
        Packet allowed = Packet.newConnection("10.244.2.7", "10.244.1.249", "tcp", 8080);
        assertThat(treeWalker.walk("FORWARD", allowed)).isEqualTo(Verdict.ACCEPT);
        assertThat(treeWalker.trace()).containsSubsequence("FORWARD", NodeRulesetCompiler.FORWARD_CHAIN,
                RulesetNames.dispatchChain(Direction.INGRESS, "10.244.1.240/28"));
    }

    @Test
    void ipv6BucketsArePrefixesOfNibblesInIptablesSpelling() {
        List<List<String>> addresses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            addresses.add(List.of("fd00:10:244:1::" + Integer.toHexString(0x10 + i)));
        }
        NodeRuleset r = new NodeRulesetCompiler().compile(node(addresses, isolateAll()), "n1");

        assertThat(rules(r, IpFamily.IPV6, NodeRulesetCompiler.FORWARD_CHAIN)).contains(
                "-s fd00:10:244:1::10/124 -j " + RulesetNames.dispatchChain(Direction.EGRESS, "fd00:10:244:1::10/124"),
                "-s fd00:10:244:1::30/124 -j " + RulesetNames.dispatchChain(Direction.EGRESS, "fd00:10:244:1::30/124"),
                "-d fd00:10:244:1::20/124 -j " + RulesetNames.dispatchChain(Direction.INGRESS, "fd00:10:244:1::20/124"));
        assertThat(rules(r, IpFamily.IPV6, RulesetNames.dispatchChain(Direction.EGRESS, "fd00:10:244:1::30/124")))
                .hasSize(8).allSatisfy(rule -> assertThat(rule).matches("-s fd00:10:244:1::3[0-7]/128 -j NETFENCE-EG-[0-9a-f]{16}"));
        // the other family has no pod of this node: no dispatch at all
        assertThat(dispatchChains(r, IpFamily.IPV4)).isEmpty();
    }

    @Test
    void onePodAddedOrRemovedChangesOnlyItsOwnChainsAndBucket() {
        ClusterSnapshot before = node(ipv4(50, 200), isolateAll());
        List<List<String>> more = new ArrayList<>(ipv4(50, 200));
        more.add(List.of("10.244.1.251")); // joins .240/28 (.240-.249)
        ClusterSnapshot after = node(more, isolateAll());

        Map<String, List<String>> changed = changedChains(new NodeRulesetCompiler().compile(before, "n1"),
                new NodeRulesetCompiler().compile(after, "n1"));

        PodInfo added = after.pods().stream().filter(p -> p.name().equals("p200")).findFirst().orElseThrow();
        assertThat(changed.keySet()).containsExactlyInAnyOrder(RulesetNames.podEgressChain(added), RulesetNames.podIngressChain(added),
                RulesetNames.dispatchChain(Direction.EGRESS, "10.244.1.240/28"),
                RulesetNames.dispatchChain(Direction.INGRESS, "10.244.1.240/28"));

        // and removing one pod (.100 of .96/28) touches its chains and that bucket only
        List<List<String>> fewer = new ArrayList<>(ipv4(50, 200));
        fewer.set(50, List.of());
        Map<String, List<String>> removed = changedChains(new NodeRulesetCompiler().compile(before, "n1"),
                new NodeRulesetCompiler().compile(node(fewer, isolateAll()), "n1"));
        assertThat(removed.keySet()).contains(RulesetNames.dispatchChain(Direction.EGRESS, "10.244.1.96/28"),
                RulesetNames.dispatchChain(Direction.INGRESS, "10.244.1.96/28")).hasSize(4)
                .noneMatch(n -> n.startsWith("NETFENCE-FORWARD") || n.startsWith("NETFENCE-INPUT") || n.startsWith("NETFENCE-OUTPUT"));
    }

    /** Chains whose rules differ, or that exist on one side only (name → rules before, or after when new). */
    private static Map<String, List<String>> changedChains(NodeRuleset a, NodeRuleset b) {
        Map<String, List<String>> before = new LinkedHashMap<>();
        a.chains(IpFamily.IPV4).forEach(c -> before.put(c.name(), c.rules()));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ChainSpec c : b.chains(IpFamily.IPV4)) {
            List<String> old = before.remove(c.name());
            if (!c.rules().equals(old)) {
                out.put(c.name(), c.rules());
            }
        }
        out.putAll(before);
        return out;
    }

    /**
     * Random nodes (17 to 220 pods, IPv4, IPv6 and dual-stack, addresses dense or scattered, some shared by two pods,
     * some pods with two addresses of a family, isolated by random policies), bucket sizes 2, 5 and 16: every packet
     * between local pods, remote addresses and the node gets the verdict of the flat layout after passing the same pod
     * and policy chains in the same order.
     */
    @Test
    void everyPacketPassesThePodChainsOfTheFlatLayoutInTheSameOrder() {
        int trees = 0;
        for (long seed = 1; seed <= 16; seed++) {
            Random r = new Random(seed);
            ClusterSnapshot s = randomNode(r);
            NodeRuleset flat = new NodeRulesetCompiler(FLAT).compile(s, "n1");
            List<NodeRuleset> bucketed = new ArrayList<>();
            for (int bucket : List.of(2, 5, 16)) {
                bucketed.add(new NodeRulesetCompiler(CompilerOptions.DEFAULTS.withDispatchBucket(bucket)).compile(s, "n1"));
            }
            if (java.util.Arrays.stream(IpFamily.values()).anyMatch(f -> !dispatchChains(bucketed.get(2), f).isEmpty())) {
                trees++;
            }
            for (IpFamily f : IpFamily.values()) {
                if (flat.uses(f)) {
                    assertSameWalks(flat, bucketed, f, addresses(s, f), "seed " + seed + " " + f);
                }
            }
        }
        assertThat(trees).as("nodes dispatched through a tree with the default bucket").isGreaterThan(5);
    }

    private static void assertSameWalks(NodeRuleset flat, List<NodeRuleset> trees, IpFamily f, List<String> addresses, String context) {
        PacketWalker a = new PacketWalker(flat, f);
        List<PacketWalker> walkers = trees.stream().map(t -> new PacketWalker(t, f)).toList();
        for (String src : addresses) {
            for (String dst : addresses) {
                if (src.equals(dst)) {
                    continue;
                }
                for (String builtin : List.of("FORWARD", "INPUT", "OUTPUT")) {
                    Packet p = Packet.newConnection(src, dst, "tcp", 8080);
                    Verdict va = a.walk(builtin, p);
                    List<String> chains = withoutDispatch(a.trace());
                    for (int i = 0; i < walkers.size(); i++) {
                        PacketWalker b = walkers.get(i);
                        String where = context + " tree " + i;
                        assertThat(b.walk(builtin, p)).as("%s: verdict of %s in %s", where, p, builtin).isEqualTo(va);
                        assertThat(withoutDispatch(b.trace())).as("%s: chains of %s in %s", where, p, builtin).isEqualTo(chains);
                        assertThat(b.trace().stream().filter(c -> c.startsWith("NETFENCE-D")).count())
                                .as("%s: dispatch depth", where).isLessThanOrEqualTo(2L * DispatchTree.MAX_DEPTH);
                    }
                }
            }
        }
    }

    private static List<String> withoutDispatch(List<String> trace) {
        return trace.stream().filter(c -> !c.matches("NETFENCE-D[EI]-.*")).toList();
    }

    /** Local pod addresses of the family (at most 14 of them, to bound the pairs), remote ones and the node's. */
    private static List<String> addresses(ClusterSnapshot s, IpFamily f) {
        TreeSet<String> local = new TreeSet<>();
        s.podsOnNode("n1").forEach(p -> p.ips().stream().filter(ip -> IpFamily.of(ip) == f).forEach(local::add));
        List<String> out = new ArrayList<>(local);
        java.util.Collections.shuffle(out, new Random(local.size()));
        out = new ArrayList<>(out.subList(0, Math.min(14, out.size())));
        REMOTE.stream().filter(ip -> IpFamily.of(ip) == f).forEach(out::add);
        N1.addresses().stream().filter(ip -> IpFamily.of(ip) == f).forEach(out::add);
        return out;
    }

    private static ClusterSnapshot randomNode(Random r) {
        int count = 17 + r.nextInt(r.nextBoolean() ? 40 : 200);
        int stack = r.nextInt(3); // 0 IPv4, 1 IPv6, 2 dual
        boolean scattered = r.nextBoolean();
        Set<String> used = new TreeSet<>();
        List<String> pool = new ArrayList<>();
        List<List<String>> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> ips = new ArrayList<>();
            if (!pool.isEmpty() && r.nextInt(15) == 0) {
                ips.add(pool.get(r.nextInt(pool.size()))); // an address another pod holds too
            } else {
                if (stack != 1) {
                    ips.add(fresh(used, () -> "10.244." + r.nextInt(2) + "." + (scattered ? r.nextInt(256) : 2 + r.nextInt(count + 20))));
                }
                if (stack != 0) {
                    ips.add(fresh(used, () -> "fd00:10:244:1::" + Integer.toHexString(scattered ? r.nextInt(1 << 16) : 2 + r.nextInt(count + 20))
                            + (scattered && r.nextBoolean() ? ":" + Integer.toHexString(r.nextInt(1 << 16)) : "")));
                }
                if (r.nextInt(20) == 0) {
                    ips.add(fresh(used, () -> stack == 1 ? "fd00:10:244:1:" + Integer.toHexString(1 + r.nextInt(99)) + "::1"
                            : "10.244.1." + r.nextInt(256)));
                }
            }
            pool.addAll(ips);
            addresses.add(ips);
        }
        List<Policy> policies = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Set<Direction> dirs = switch (r.nextInt(3)) {
                case 0 -> EnumSet.of(Direction.INGRESS);
                case 1 -> EnumSet.of(Direction.EGRESS);
                default -> EnumSet.of(Direction.INGRESS, Direction.EGRESS);
            };
            LabelSelector selected = r.nextInt(4) == 0 ? LabelSelector.EVERYTHING : LabelSelector.of(Map.of("role", "r" + k));
            List<PolicyRule> rules = r.nextBoolean() ? List.of() : List.of(new PolicyRule(
                    List.of(new SelectorPeer(LabelSelector.of(Map.of("role", "r" + r.nextInt(4))), null)),
                    List.of(PortSpec.number(Protocol.TCP, 8080))));
            policies.add(new Policy("app", "pol-" + k, selected, dirs, rules, rules));
        }
        return node(addresses, policies);
    }

    private static String fresh(Set<String> used, java.util.function.Supplier<String> next) {
        for (int i = 0; i < 1000; i++) {
            String ip = next.get();
            if (used.add(ip)) {
                return ip;
            }
        }
        throw new IllegalStateException("no free address");
    }

    /** Addresses that share ever longer prefixes would nest a chain per 4 bits; the depth stays bounded. */
    @Test
    void adversarialAddressesNestAtMostMaxDepthChains() {
        List<List<String>> addresses = new ArrayList<>();
        for (int k = 0; k < 28; k++) {
            // fd00::1:0:…: each address leaves the common prefix of the rest 4 bits further down
            StringBuilder hex = new StringBuilder("fd00");
            for (int i = 4; i < 32; i++) {
                hex.append(i == 31 - k ? '1' : '0');
            }
            StringBuilder ip = new StringBuilder();
            for (int i = 0; i < 32; i += 4) {
                ip.append(i == 0 ? "" : ":").append(hex, i, i + 4);
            }
            addresses.add(List.of(ip.toString()));
        }
        ClusterSnapshot s = node(addresses, isolateAll());
        NodeRuleset flat = new NodeRulesetCompiler(FLAT).compile(s, "n1");
        NodeRuleset tree = new NodeRulesetCompiler(CompilerOptions.DEFAULTS.withDispatchBucket(2)).compile(s, "n1");

        assertThat(dispatchChains(tree, IpFamily.IPV6)).hasSize(2 * DispatchTree.MAX_DEPTH);
        List<String> all = new ArrayList<>(addresses.stream().map(l -> l.get(0)).toList());
        all.add("fd00:10:244:2::7");
        assertSameWalks(flat, List.of(tree), IpFamily.IPV6, all, "adversarial");
    }
}
