package io.netfence.engine.reachability;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.SideExplanation.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.netfence.engine.model.Protocol.TCP;
import static io.netfence.engine.model.Protocol.UDP;
import static io.netfence.engine.reachability.TestCluster.port;
import static io.netfence.engine.truthtable.NetworkPolicies.expression;
import static io.netfence.engine.truthtable.NetworkPolicies.ipBlock;
import static io.netfence.engine.truthtable.NetworkPolicies.labels;
import static io.netfence.engine.truthtable.NetworkPolicies.namedPort;
import static io.netfence.engine.truthtable.NetworkPolicies.namespaces;
import static io.netfence.engine.truthtable.NetworkPolicies.peers;
import static io.netfence.engine.truthtable.NetworkPolicies.pods;
import static io.netfence.engine.truthtable.NetworkPolicies.podsInNamespaces;
import static io.netfence.engine.truthtable.NetworkPolicies.policy;
import static io.netfence.engine.truthtable.NetworkPolicies.range;
import static io.netfence.engine.truthtable.NetworkPolicies.tcp;
import static io.netfence.engine.truthtable.NetworkPolicies.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReachabilityAnalyzerTest {

    /** Namespaces x (team=a) and y (team=b); web and db pods in each; two nodes. */
    private static TestCluster base() {
        return new TestCluster()
                .namespace("x", Map.of("team", "a"))
                .namespace("y", Map.of("team", "b"))
                .node("n1", "192.168.0.1")
                .node("n2", "192.168.0.2")
                .pod("x", "web", Map.of("app", "web"), "10.0.1.1", "n1", port("http", 8080, TCP), port("dns", 53, UDP))
                .pod("x", "db", Map.of("app", "db"), "10.0.1.2", "n1", port("http", 9090, TCP))
                .pod("y", "web", Map.of("app", "web"), "10.0.2.1", "n2", port("http", 8080, TCP))
                .pod("y", "db", Map.of("app", "db"), "10.0.2.2", "n2");
    }

    private static ReachabilityVerdict verdict(TestCluster c, String from, String to, int port, Protocol proto) {
        ReachabilityAnalyzer a = c.analyzer();
        return a.verdict(endpoint(a, from), endpoint(a, to), port, proto);
    }

    private static Endpoint endpoint(ReachabilityAnalyzer a, String ref) {
        String[] parts = ref.split("/");
        return parts.length == 2 ? a.endpoint(parts[0], parts[1]) : a.endpointForIp(ref);
    }

    @Test
    void withoutPoliciesEverythingIsAllowedAndBothSidesSayNotIsolated() {
        ReachabilityVerdict v = verdict(base(), "x/web", "y/db", 5432, TCP);
        assertThat(v.allowed()).isTrue();
        assertThat(v.egress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        assertThat(v.describe()).isEqualTo("""
                ALLOWED x/web (10.0.1.1) → y/db (10.0.2.2) TCP/5432
                  egress of x/web: allowed, not isolated (no policy with policyTypes Egress selects x/web)
                  ingress of y/db: allowed, not isolated (no policy with policyTypes Ingress selects y/db)""");
    }

    @Test
    void denyAllIngressIsolatesAndNamesThePolicy() {
        TestCluster c = base().policy(policy("y", "deny-all").build());
        ReachabilityVerdict v = verdict(c, "x/web", "y/db", 80, TCP);
        assertThat(v.allowed()).isFalse();
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.ingress().isolatingPolicies()).containsExactly("y/deny-all");
        assertThat(v.egress().allows()).isTrue();
        assertThat(v.lines().get(2)).isEqualTo("  ingress of y/db: DENIED, isolated by y/deny-all; it has no ingress rules: all ingress is denied");
        // the other namespace is untouched
        assertThat(verdict(c, "y/db", "x/web", 80, TCP).allowed()).isTrue();
    }

    @Test
    void podSelectorPeerMeansThePolicysOwnNamespace() {
        TestCluster c = base().policy(policy("y", "db-from-web").select(labels("app", "db"))
                .ingress(peers(pods(labels("app", "web"))), tcp(5432)).build());
        ReachabilityVerdict same = verdict(c, "y/web", "y/db", 5432, TCP);
        assertThat(same.allowed()).isTrue();
        RuleMatch m = same.ingress().allowedBy().get(0);
        assertThat(m).isEqualTo(new RuleMatch("y/db-from-web", io.netfence.engine.model.Direction.INGRESS, 0, 0,
                "pods app=web in the policy's namespace", 0, "TCP/5432"));
        assertThat(m.describe()).isEqualTo("y/db-from-web spec.ingress[0].from[0] (pods app=web in the policy's namespace), ports[0] (TCP/5432)");
        ReachabilityVerdict otherNs = verdict(c, "x/web", "y/db", 5432, TCP);
        assertThat(otherNs.allowed()).as("same labels, other namespace").isFalse();
        assertThat(otherNs.lines()).containsExactly(
                "DENIED x/web (10.0.1.1) → y/db (10.0.2.2) TCP/5432",
                "  egress of x/web: allowed, not isolated (no policy with policyTypes Egress selects x/web)",
                "  ingress of y/db: DENIED, isolated by y/db-from-web; no ingress rule of these policies allows it",
                "    - y/db-from-web spec.ingress[0] covers the port but not the peer (from: pods app=web in the policy's namespace)");
        ReachabilityVerdict otherPort = verdict(c, "y/web", "y/db", 5433, TCP);
        assertThat(otherPort.allowed()).as("other port").isFalse();
        assertThat(otherPort.ingress().misses()).containsExactly(new RuleMiss("y/db-from-web", io.netfence.engine.model.Direction.INGRESS,
                0, true, false, "pods app=web in the policy's namespace", "TCP/5432"));
        assertThat(verdict(c, "x/web", "y/db", 1, TCP).ingress().misses().get(0).describe())
                .isEqualTo("y/db-from-web spec.ingress[0] matches neither the peer (from: pods app=web in the policy's namespace) nor the port (ports: TCP/5432)");
        assertThat(verdict(c, "y/web", "y/db", 5432, UDP).allowed()).as("other protocol").isFalse();
    }

    @Test
    void namespaceAndPodSelectorInOnePeerAreAndedInTwoPeersOred() {
        TestCluster and = base().policy(policy("y", "and").select(labels("app", "db"))
                .ingress(peers(podsInNamespaces(labels("app", "web"), labels("team", "a")))).build());
        assertThat(verdict(and, "x/web", "y/db", 1, TCP).allowed()).isTrue();
        assertThat(verdict(and, "x/db", "y/db", 1, TCP).allowed()).isFalse();
        assertThat(verdict(and, "y/web", "y/db", 1, TCP).allowed()).isFalse();

        TestCluster or = base().policy(policy("y", "or").select(labels("app", "db"))
                .ingress(peers(namespaces(labels("team", "a")), pods(labels("app", "web")))).build());
        assertThat(verdict(or, "x/db", "y/db", 1, TCP).ingress().allowedBy().get(0).peerIndex()).isEqualTo(0);
        assertThat(verdict(or, "y/web", "y/db", 1, TCP).ingress().allowedBy().get(0).peerIndex()).isEqualTo(1);
        assertThat(verdict(or, "y/db", "y/db", 1, TCP).ingress().outcome()).isEqualTo(Outcome.LOOPBACK);
    }

    @Test
    void matchExpressionsSelectPeers() {
        TestCluster c = base().policy(policy("x", "not-db").select(labels("app", "web"))
                .ingress(peers(namespaces(expression("team", "NotIn", "a")))).build());
        assertThat(verdict(c, "y/db", "x/web", 1, TCP).allowed()).isTrue();
        assertThat(verdict(c, "x/db", "x/web", 1, TCP).allowed()).isFalse();
    }

    @Test
    void ipBlockWithExceptMatchesPodIpsAndBareIps() {
        TestCluster c = base().policy(policy("x", "from-range").select(labels("app", "web"))
                .ingress(peers(ipBlock("10.0.0.0/16", "10.0.2.0/24"))).build());
        assertThat(verdict(c, "x/db", "x/web", 80, TCP).allowed()).as("pod IP inside cidr").isTrue();
        assertThat(verdict(c, "y/web", "x/web", 80, TCP).allowed()).as("pod IP in except").isFalse();
        ReachabilityVerdict bare = verdict(c, "10.0.9.9", "x/web", 80, TCP);
        assertThat(bare.allowed()).isTrue();
        assertThat(bare.ingress().allowedBy().get(0).peer()).isEqualTo("ipBlock 10.0.0.0/16 except 10.0.2.0/24");
        assertThat(bare.egress().note()).isEqualTo("10.0.9.9 is not a pod; policies never apply to it");
        assertThat(verdict(c, "172.16.0.1", "x/web", 80, TCP).allowed()).isFalse();
    }

    @Test
    void namedPortsResolveAgainstTheDestinationPodAndItsProtocol() {
        TestCluster c = base().policy(policy("x", "http").ingress(peers(), namedPort("TCP", "http")).build());
        ReachabilityVerdict web = verdict(c, "y/web", "x/web", 8080, TCP);
        assertThat(web.allowed()).isTrue();
        assertThat(web.ingress().allowedBy().get(0).port()).isEqualTo("TCP/http (= 8080 on x/web)");
        ReachabilityVerdict db = verdict(c, "y/web", "x/db", 8080, TCP);
        assertThat(db.allowed()).as("http is 9090 on x/db").isFalse();
        assertThat(db.ingress().misses().get(0).describe())
                .isEqualTo("x/http spec.ingress[0] matches the peer but not the port (ports: TCP/http (= 9090 on x/db))");
        assertThat(verdict(c, "y/web", "x/db", 9090, TCP).allowed()).isTrue();

        TestCluster udp = base().policy(policy("x", "dns").ingress(peers(), namedPort("TCP", "dns")).build());
        ReachabilityVerdict tcpDns = verdict(udp, "y/web", "x/web", 53, TCP);
        assertThat(tcpDns.allowed()).as("dns is a UDP port").isFalse();
        assertThat(tcpDns.ingress().misses().get(0).ports()).isEqualTo("TCP/dns (not exposed by x/web)");
        assertThat(verdict(udp, "y/web", "x/web", 53, UDP).allowed()).isFalse();
    }

    @Test
    void namedEgressPortNeverMatchesABareAddress() {
        TestCluster c = base().policy(policy("x", "egress-http").select(labels("app", "web")).types("Egress")
                .egress(peers(), namedPort("TCP", "http")).build());
        assertThat(verdict(c, "x/web", "y/web", 8080, TCP).allowed()).isTrue();
        ReachabilityVerdict bare = verdict(c, "x/web", "8.8.8.8", 8080, TCP);
        assertThat(bare.allowed()).isFalse();
        assertThat(bare.egress().misses().get(0).ports()).isEqualTo("TCP/http (the destination is not a pod)");
    }

    @Test
    void endPortCoversARange() {
        TestCluster c = base().policy(policy("x", "range").ingress(peers(), range("TCP", 8000, 8100)).build());
        assertThat(verdict(c, "y/web", "x/web", 8000, TCP).allowed()).isTrue();
        assertThat(verdict(c, "y/web", "x/web", 8100, TCP).allowed()).isTrue();
        ReachabilityVerdict above = verdict(c, "y/web", "x/web", 8101, TCP);
        assertThat(above.allowed()).isFalse();
        assertThat(above.ingress().misses().get(0).ports()).isEqualTo("TCP/8000-8100");
        assertThat(verdict(c, "y/web", "x/web", 7999, TCP).allowed()).isFalse();
    }

    @Test
    void egressIsolationIsJudgedOnTheSourceSide() {
        TestCluster c = base().policy(policy("x", "web-egress").select(labels("app", "web"))
                .egress(peers(namespaces(labels("team", "b"))), tcp(80)).build());
        ReachabilityVerdict ok = verdict(c, "x/web", "y/db", 80, TCP);
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.egress().allowedBy().get(0).describe())
                .isEqualTo("x/web-egress spec.egress[0].to[0] (all pods in namespaces team=b), ports[0] (TCP/80)");
        ReachabilityVerdict denied = verdict(c, "x/web", "x/db", 80, TCP);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.egress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(denied.ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        // egress rules without policyTypes default to [Ingress, Egress]: x/web is ingress-isolated too
        assertThat(verdict(c, "x/db", "x/web", 80, TCP).ingress().isolatingPolicies()).containsExactly("x/web-egress");
        TestCluster egressOnly = base().policy(policy("x", "web-egress").select(labels("app", "web")).types("Egress")
                .egress(peers(namespaces(labels("team", "b"))), tcp(80)).build());
        assertThat(verdict(egressOnly, "x/db", "x/web", 80, TCP).ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
    }

    @Test
    void bothSidesMustAllow() {
        TestCluster c = base()
                .policy(policy("x", "egress-any").select(labels("app", "web")).egress(peers()).build())
                .policy(policy("y", "deny-in").build());
        ReachabilityVerdict v = verdict(c, "x/web", "y/web", 80, TCP);
        assertThat(v.egress().outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(v.egress().allowedBy().get(0).peerIndex()).isEqualTo(-1);
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.allowed()).isFalse();
    }

    @Test
    void policiesAddUpAndEveryAllowingRuleIsListed() {
        TestCluster c = base()
                .policy(policy("x", "deny").build())
                .policy(policy("x", "allow-80").ingress(peers(), tcp(80)).build())
                .policy(policy("x", "allow-from-y").ingress(peers(namespaces(labels("team", "b")))).build());
        ReachabilityVerdict v = verdict(c, "y/web", "x/db", 80, TCP);
        assertThat(v.ingress().isolatingPolicies()).containsExactly("x/allow-80", "x/allow-from-y", "x/deny");
        assertThat(v.ingress().allowedBy()).extracting(RuleMatch::policy).containsExactly("x/allow-80", "x/allow-from-y");
        assertThat(verdict(c, "x/web", "x/db", 81, TCP).allowed()).isFalse();
        assertThat(verdict(c, "x/web", "x/db", 80, TCP).allowed()).isTrue();
    }

    @Test
    void ownNodeAlwaysReachesItsPodsOtherNodesNeedAnIpBlock() {
        TestCluster c = base().policy(policy("x", "deny").build());
        ReachabilityVerdict own = verdict(c, "192.168.0.1", "x/web", 80, TCP);
        assertThat(own.source().hostNode()).isEqualTo("n1");
        assertThat(own.allowed()).isTrue();
        assertThat(own.ingress().outcome()).isEqualTo(Outcome.FROM_OWN_NODE);
        assertThat(own.ingress().describe()).contains("from its own node n1: always allowed (kubelet probes)");
        assertThat(verdict(c, "192.168.0.2", "x/web", 80, TCP).allowed()).isFalse();

        TestCluster withBlock = base().policy(policy("x", "from-nodes").ingress(peers(ipBlock("192.168.0.0/24"))).build());
        assertThat(verdict(withBlock, "192.168.0.2", "x/web", 80, TCP).allowed()).isTrue();
        assertThat(verdict(withBlock, "x/db", "x/web", 80, TCP).allowed()).isFalse();
    }

    @Test
    void hostNetworkPodIsNeverSelectedAndSendsAsItsNode() {
        PodInfo agent = new PodInfo("x", "agent", Map.of("app", "web"), List.of("192.168.0.1"), "n1", true, "Running", List.of());
        TestCluster c = base().pod(agent)
                .policy(policy("x", "deny").build())
                .policy(policy("x", "web-from-web").select(labels("app", "web")).ingress(peers(pods(labels("app", "web")))).build());
        ReachabilityAnalyzer a = c.analyzer();
        Endpoint agentEp = a.endpoint("x", "agent");
        ReachabilityVerdict toAgent = a.verdict(a.endpoint("x", "db"), agentEp, 80, TCP);
        assertThat(toAgent.allowed()).isTrue();
        assertThat(toAgent.ingress().note()).isEqualTo("x/agent is never selected by policies because it uses the host network");
        // to a pod on its own node: the kubelet exception, not the app=web peer (which never matches hostNetwork pods)
        ReachabilityVerdict local = a.verdict(agentEp, a.endpoint("x", "web"), 80, TCP);
        assertThat(local.ingress().outcome()).isEqualTo(Outcome.FROM_OWN_NODE);
        assertThat(local.ingress().allowedBy()).isEmpty();
        assertThat(a.verdict(agentEp, a.endpoint("x", "db"), 80, TCP).allowed()).isTrue();
        assertThat(a.endpointForIp("192.168.0.1")).isEqualTo(Endpoint.nodeAddress("n1", "192.168.0.1"));
        assertThat(a.endpointForIp("10.0.1.2").pod().key()).isEqualTo("x/db");
    }

    @Test
    void finishedPodIsNotIsolatedAndNotMatchedBySelectors() {
        PodInfo done = new PodInfo("x", "job", Map.of("app", "web"), List.of("10.0.1.9"), "n2", false, "Succeeded", List.of());
        TestCluster c = base().pod(done)
                .policy(policy("x", "deny").build())
                .policy(policy("x", "web-from-web").ingress(peers(pods(labels("app", "web")))).build());
        assertThat(verdict(c, "x/web", "x/job", 80, TCP).ingress().note())
                .isEqualTo("x/job is never selected by policies because it has finished (phase Succeeded)");
        assertThat(verdict(c, "x/job", "x/db", 80, TCP).allowed()).isFalse();
        assertThat(verdict(c, "x/web", "x/db", 80, TCP).allowed()).isTrue();
    }

    @Test
    void loopbackIsAlwaysAllowed() {
        TestCluster c = base().policy(policy("x", "deny").types("Ingress", "Egress").build());
        ReachabilityVerdict v = verdict(c, "x/web", "x/web", 80, TCP);
        assertThat(v.allowed()).isTrue();
        assertThat(v.egress().outcome()).isEqualTo(Outcome.LOOPBACK);
        assertThat(v.ingress().isolatingPolicies()).containsExactly("x/deny");
        assertThat(verdict(c, "x/web", "x/db", 80, TCP).egress().outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void ipv6AddressesAreCanonicalised() {
        TestCluster c = new TestCluster().namespace("x", Map.of())
                .pod("x", "a", Map.of("pod", "a"), "fd00:0:0:0::a", "n1")
                .policy(policy("x", "from-v6").ingress(peers(ipBlock("fd00::/64", "fd00::b/128"))).build());
        ReachabilityAnalyzer a = c.analyzer();
        Endpoint pod = a.endpointForIp("fd00::a");
        assertThat(pod.pod().key()).isEqualTo("x/a");
        assertThat(a.allowed(Endpoint.ip("fd00::c"), pod, 80, TCP)).isTrue();
        assertThat(a.allowed(Endpoint.ip("fd00::b"), pod, 80, TCP)).isFalse();
        assertThat(a.allowed(Endpoint.ip("10.0.0.1"), pod, 80, TCP)).as("other family").isFalse();
    }

    @Test
    void rejectsBadInput() {
        ReachabilityAnalyzer a = base().analyzer();
        assertThatThrownBy(() -> a.verdict(Endpoint.ip("1.2.3.4"), Endpoint.ip("1.2.3.5"), 0, TCP))
                .hasMessage("port: 0 must be between 1 and 65535");
        assertThatThrownBy(() -> Endpoint.ip("nope")).hasMessageContaining("\"nope\" is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> a.endpoint("x", "missing")).hasMessage("no pod x/missing in the snapshot");
        PodInfo pending = new PodInfo("x", "p", Map.of(), List.of(), "n1", false, "Pending", List.of());
        assertThatThrownBy(() -> Endpoint.pod(pending)).hasMessageContaining("has no IP yet");
    }
}
