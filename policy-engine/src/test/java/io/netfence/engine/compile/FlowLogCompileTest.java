package io.netfence.engine.compile;

import io.netfence.engine.compile.PacketWalker.Packet;
import io.netfence.engine.compile.PacketWalker.Verdict;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flow observation rules: off by default, one log per new connection, the verdict and chain in the prefix. */
class FlowLogCompileTest {

    private static final String WEB = "10.244.1.5";      // shop/web-1 on n1, isolated for ingress (tcp 8080 from frontend)
    private static final String OTHER = "10.244.1.6";    // shop/other-1 on n1, not isolated
    private static final String FRONTEND = "10.244.2.7"; // shop/frontend-1 on n2
    private static final NodeRulesetCompiler FLOWS = new NodeRulesetCompiler(
            CompilerOptions.DEFAULTS.withFlowLog(new FlowLogOptions(42, 5, 8, 300)));

    private static String allow(String chain) {
        return FlowLogOptions.prefix(FlowLogOptions.ALLOW, chain);
    }

    private static String deny(String chain) {
        return FlowLogOptions.prefix(FlowLogOptions.DENY, chain);
    }

    private static List<String> logged(PacketWalker w, String builtin, Packet p, Verdict expected) {
        w.nflogPrefixes().clear();
        assertThat(w.walk(builtin, p)).as("%s in %s", p, builtin).isEqualTo(expected);
        return List.copyOf(w.nflogPrefixes());
    }

    @Test
    void agentOptionsCombineDropLoggingAndFlows() {
        assertThat(CompilerOptions.forAgent(0, null)).isEqualTo(CompilerOptions.DEFAULTS);
        assertThat(CompilerOptions.forAgent(7, null)).isEqualTo(CompilerOptions.withNflog(7, 60));
        FlowLogOptions flows = FlowLogOptions.defaults(9);
        assertThat(CompilerOptions.forAgent(7, flows)).isEqualTo(new CompilerOptions(CompilerOptions.DEFAULT_ALLOW_MARK, 7, 60, flows));
    }

    @Test
    void offByDefault() {
        NodeRuleset r = new NodeRulesetCompiler().compile(NodeRulesetCompilerTest.shop(List.of()), "n1");
        assertThat(r.iptablesRestore()).doesNotContain("NFLOG").doesNotContain("hashlimit");
        assertThat(r.ipsets()).noneMatch(s -> s.name().startsWith("nfl-"));
    }

    @Test
    void eachNewConnectionOfALocalPodIsLoggedOnceWithItsVerdict() {
        ClusterSnapshot s = NodeRulesetCompilerTest.shop(List.of());
        NodeRuleset r = FLOWS.compile(s, "n1");
        String webIn = RulesetNames.podIngressChain(s.pod("shop", "web-1").orElseThrow());
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        String fw = NodeRulesetCompiler.FORWARD_CHAIN;

        assertThat(logged(w, "FORWARD", Packet.newConnection(FRONTEND, WEB, "tcp", 8080), Verdict.ACCEPT)).containsExactly(allow(fw));
        assertThat(logged(w, "FORWARD", Packet.newConnection("10.244.2.99", WEB, "tcp", 22), Verdict.REJECT)).containsExactly(deny(webIn));
        // same node: denied by web-1's ingress, logged there only; allowed: logged once although two pods are local
        assertThat(logged(w, "FORWARD", Packet.newConnection(OTHER, WEB, "tcp", 8080), Verdict.REJECT)).containsExactly(deny(webIn));
        assertThat(logged(w, "FORWARD", Packet.newConnection(WEB, OTHER, "tcp", 5432), Verdict.ACCEPT)).containsExactly(allow(fw));
        // a pod no policy selects is observed too
        assertThat(logged(w, "FORWARD", Packet.newConnection(OTHER, "8.8.8.8", "udp", 53), Verdict.ACCEPT)).containsExactly(allow(fw));
        assertThat(logged(w, "INPUT", Packet.newConnection(OTHER, "192.168.0.1", "tcp", 10250), Verdict.ACCEPT))
                .containsExactly(allow(NodeRulesetCompiler.INPUT_CHAIN));
        // only first packets: established, related and invalid packets are never logged
        for (String state : List.of("ESTABLISHED", "RELATED")) {
            assertThat(logged(w, "FORWARD", new Packet(FRONTEND, WEB, "tcp", 8080, state), Verdict.ACCEPT)).isEmpty();
        }
        assertThat(logged(w, "FORWARD", new Packet("10.244.2.99", WEB, "tcp", 22, "INVALID"), Verdict.DROP)).isEmpty();
        // the node's own traffic and traffic of no local pod are not flows of this node
        assertThat(logged(w, "OUTPUT", Packet.newConnection("192.168.0.1", WEB, "tcp", 8080), Verdict.ACCEPT)).isEmpty();
        assertThat(logged(w, "FORWARD", Packet.newConnection("192.168.0.1", WEB, "tcp", 9999), Verdict.ACCEPT)).isEmpty();
        assertThat(logged(w, "FORWARD", Packet.newConnection(FRONTEND, "10.9.9.9", "tcp", 80), Verdict.ACCEPT)).isEmpty();
    }

    @Test
    void logRulesAreNewOnlyRateLimitedAndFitTheKernelLimits() {
        NodeRuleset r = FLOWS.compile(NodeRulesetCompilerTest.shop(List.of()), "n1");
        List<String> rules = r.chains(IpFamily.IPV4).stream().flatMap(c -> c.rules().stream()).filter(x -> x.contains("NFLOG")).toList();
        assertThat(rules).hasSize(5).allSatisfy(rule -> {
            assertThat(rule).contains("-m conntrack --ctstate NEW -m hashlimit --hashlimit-upto 5/sec --hashlimit-burst 8"
                    + " --hashlimit-mode srcip,dstip --hashlimit-name nffp-").contains(" -m hashlimit --hashlimit-upto 300/sec"
                    + " --hashlimit-burst 300 --hashlimit-name nffn-").endsWith("--nflog-group 42");
            Matcher m = Pattern.compile("--nflog-prefix \"([^\"]*)\"").matcher(rule);
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).startsWith(FlowLogOptions.PREFIX).hasSizeLessThanOrEqualTo(63);
            Matcher names = Pattern.compile("--hashlimit-name (\\S+)").matcher(rule);
            while (names.find()) {
                assertThat(names.group(1)).hasSizeLessThanOrEqualTo(15);
            }
        });
        assertThat(r.ipsets(IpFamily.IPV4)).filteredOn(s -> s.name().startsWith("nfl-"))
                .singleElement().satisfies(s -> assertThat(s.entries()).containsExactly(WEB, OTHER));
        // other limits get other hashlimit tables (the kernel keeps a live table's first configuration)
        FlowLogOptions a = FlowLogOptions.defaults(1);
        FlowLogOptions b = new FlowLogOptions(1, 10, 21, 1000);
        assertThat(a.pairTable()).isNotEqualTo(b.pairTable());
        assertThat(a.nodeTable()).isEqualTo(b.nodeTable());
        assertThatThrownBy(() -> new FlowLogOptions(0, 1, 1, 1)).hasMessageContaining("group");
        assertThatThrownBy(() -> new FlowLogOptions(1, 0, 1, 1)).hasMessageContaining("rate limits");
    }

    @Test
    void podChurnWithFlowsOnChangesOnlySetMembers() {
        NodeRuleset before = FLOWS.compile(NodeRulesetCompilerTest.shop(List.of()), "n1");
        NodeRuleset after = FLOWS.compile(NodeRulesetCompilerTest.shop(List.of(
                NodeRulesetCompilerTest.pod("shop", "other-2", "n1", Map.of("app", "other"), "10.244.1.9"))), "n1");
        assertThat(after.chainsHash(IpFamily.IPV4)).isEqualTo(before.chainsHash(IpFamily.IPV4));
        assertThat(after.ipsetRestore()).contains("10.244.1.9");
    }

    @Test
    void clusterNetworkPolicyDenyIsLoggedAtItsDropWithItsChain() {
        LabelSelector nsX = LabelSelector.of(Map.of("kubernetes.io/metadata.name", "x"));
        LabelSelector nsY = LabelSelector.of(Map.of("kubernetes.io/metadata.name", "y"));
        ClusterNetworkPolicy guard = new ClusterNetworkPolicy("guard", ClusterPolicyTier.ADMIN, 1, ClusterPolicySubject.namespaces(nsY),
                List.of(new ClusterPolicyRule("deny-x", ClusterPolicyAction.DENY, List.of(new ClusterPolicyPeer.Pods(nsX, null)), List.of())),
                List.of());
        ClusterSnapshot s = ClusterSnapshot.of(List.of(new NamespaceInfo("x", Map.of()), new NamespaceInfo("y", Map.of()),
                        new NamespaceInfo("z", Map.of())),
                List.of(new PodInfo("x", "a", Map.of(), List.of("10.0.1.1"), "n1", false, "Running", List.of()),
                        new PodInfo("y", "b", Map.of(), List.of("10.0.1.2"), "n1", false, "Running", List.of()),
                        new PodInfo("z", "c", Map.of(), List.of("10.0.1.3"), "n1", false, "Running", List.of())),
                List.of(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.0.1.0/24"))), List.of(), List.of(guard));
        NodeRuleset r = FLOWS.compile(s, "n1");
        PacketWalker w = new PacketWalker(r, IpFamily.IPV4);
        String chain = RulesetNames.clusterPolicyChain("guard", io.netfence.engine.model.Direction.INGRESS);
        assertThat(logged(w, "FORWARD", Packet.newConnection("10.0.1.1", "10.0.1.2", "tcp", 80), Verdict.DROP)).containsExactly(deny(chain));
        assertThat(logged(w, "FORWARD", Packet.newConnection("10.0.1.3", "10.0.1.2", "tcp", 80), Verdict.ACCEPT))
                .containsExactly(allow(NodeRulesetCompiler.FORWARD_CHAIN));
        // the deny counter stays on the DROP rule alone
        assertThat(r.chains(IpFamily.IPV4)).filteredOn(c -> c.name().equals(chain)).singleElement()
                .satisfies(c -> assertThat(c.rules()).filteredOn(x -> x.contains("clusternetworkpolicy guard")).singleElement()
                        .satisfies(x -> assertThat(x).endsWith("-j DROP").doesNotContain("NFLOG")));
    }
}
