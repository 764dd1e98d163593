package io.netfence.engine.reachability;

import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.reachability.SideExplanation.Outcome;
import org.junit.jupiter.api.Test;

import static io.netfence.engine.reachability.TierCluster.A1;
import static io.netfence.engine.reachability.TierCluster.A2;
import static io.netfence.engine.reachability.TierCluster.B1;
import static io.netfence.engine.reachability.TierCluster.MON;
import static io.netfence.engine.reachability.TierCluster.N1;
import static io.netfence.engine.reachability.TierCluster.N2;
import static io.netfence.engine.reachability.TierCluster.cnp;
import static io.netfence.engine.reachability.TierCluster.np;
import static org.assertj.core.api.Assertions.assertThat;

/** Tier interplay, one row per case: Admin → NetworkPolicy → Baseline → default allow, per direction. */
class ClusterTierTruthTableTest {

    private static final String TENANT_A = "namespaces:\n  matchLabels:\n    tenant: a";
    private static final String ALL_NAMESPACES = "namespaces: {}";
    private static final String NP_ALLOW_FROM_B = np("tenant-a", "allow-b", """
            podSelector: {}
            ingress:
            - from:
              - namespaceSelector:
                  matchLabels:
                    tenant: b""");
    private static final String NP_DENY_ALL = np("tenant-a", "deny-all", "podSelector: {}\npolicyTypes: [Ingress]");
    private static final String BASELINE_DENY_ALL_INGRESS = cnp("baseline-deny", "Baseline", 100, ALL_NAMESPACES, """
            ingress:
            - name: deny-all
              action: Deny
              from:
              - namespaces: {}""");

    private static String adminIngressFromB(String name, int priority, String action) {
        return cnp(name, "Admin", priority, TENANT_A, "ingress:\n- name: " + action.toLowerCase() + "-b\n  action: " + action
                + "\n  from:\n  - namespaces:\n      matchLabels:\n        tenant: b");
    }

    @Test
    void adminPassHandsOverToNetworkPolicyWhichAllows() {
        TierCluster c = new TierCluster().with(adminIngressFromB("delegate", 10, "Pass") + NP_ALLOW_FROM_B + BASELINE_DENY_ALL_INGRESS);
        ReachabilityVerdict v = c.verdict(B1, A1, 80);
        assertThat(v.allowed()).isTrue();
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(v.ingress().describe()).contains("Admin `delegate` (priority 10) rule `pass-b` passed")
                .contains("to the NetworkPolicy tier").contains("tenant-a/allow-b");
        c.assertMatrixAgrees(80);
    }

    @Test
    void adminPassHandsOverToNetworkPolicyWhichIsolates() {
        TierCluster c = new TierCluster().with(adminIngressFromB("delegate", 10, "Pass") + NP_DENY_ALL);
        assertThat(c.verdict(B1, A1, 80).ingress().outcome()).isEqualTo(Outcome.DENIED);
        c.assertMatrixAgrees(80);
    }

    @Test
    void adminPassWithoutNetworkPolicyFallsToBaseline() {
        TierCluster c = new TierCluster().with(adminIngressFromB("delegate", 10, "Pass") + BASELINE_DENY_ALL_INGRESS);
        ReachabilityVerdict v = c.verdict(B1, A1, 80);
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.BASELINE_DENIED);
        assertThat(v.ingress().clusterRules()).extracting(ClusterRuleMatch::action)
                .containsExactly(ClusterPolicyAction.PASS, ClusterPolicyAction.DENY);
        c.assertMatrixAgrees(80);
    }

    @Test
    void adminDenyBeatsNetworkPolicyAllowAndSaysSo() {
        TierCluster c = new TierCluster().with(cnp("tenant-isolation", "Admin", 10, TENANT_A, """
                ingress:
                - name: deny-cross-tenant
                  action: Deny
                  from:
                  - namespaces:
                      matchLabels:
                        tenant: b""") + NP_ALLOW_FROM_B);
        ReachabilityVerdict v = c.verdict(B1, A1, 80);
        assertThat(v.allowed()).isFalse();
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.ADMIN_DENIED);
        assertThat(v.ingress().describe()).isEqualTo("ingress of tenant-a/a1: DENIED: Admin `tenant-isolation` (priority 10) rule "
                + "`deny-cross-tenant` denied before any NetworkPolicy was consulted (spec.ingress[0]: all pods in namespaces tenant=b, "
                + "all ports) (isolated by tenant-a/allow-b not consulted)");
        // same-tenant traffic is not matched by the Deny: NetworkPolicy decides (it only allows tenant b)
        assertThat(c.verdict(A2, A1, 80).ingress().outcome()).isEqualTo(Outcome.DENIED);
        c.assertMatrixAgrees(80);
    }

    @Test
    void adminAcceptBeatsNetworkPolicyIsolation() {
        TierCluster c = new TierCluster().with(cnp("monitoring", "Admin", 5, ALL_NAMESPACES, """
                ingress:
                - name: allow-scrape
                  action: Accept
                  from:
                  - namespaces:
                      matchLabels:
                        role: monitoring""") + NP_DENY_ALL);
        ReachabilityVerdict v = c.verdict(MON, A1, 80);
        assertThat(v.allowed()).isTrue();
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.ADMIN_ACCEPTED);
        assertThat(v.ingress().describe()).contains("allowed: Admin `monitoring` (priority 5) rule `allow-scrape` accepted before any NetworkPolicy was consulted");
        assertThat(c.allowed(B1, A1, 80)).isFalse();
        c.assertMatrixAgrees(80);
    }

    @Test
    void adminAcceptOnEgressDoesNotOverrideTheDestinationsIngress() {
        TierCluster c = new TierCluster().with(cnp("egress-ok", "Admin", 5, "namespaces:\n  matchLabels:\n    tenant: b", """
                egress:
                - action: Accept
                  to:
                  - namespaces: {}""") + NP_DENY_ALL);
        ReachabilityVerdict v = c.verdict(B1, A1, 80);
        assertThat(v.egress().outcome()).isEqualTo(Outcome.ADMIN_ACCEPTED);
        assertThat(v.egress().describe()).contains("rule spec.egress[0] accepted");
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.allowed()).isFalse();
        c.assertMatrixAgrees(80);
    }

    @Test
    void baselineDenyOnlyForPodsNoNetworkPolicyIsolates() {
        String npA1 = np("tenant-a", "web-from-b", """
                podSelector:
                  matchLabels:
                    app: web
                ingress:
                - from:
                  - namespaceSelector: {}""");
        TierCluster c = new TierCluster().with(npA1 + BASELINE_DENY_ALL_INGRESS);
        // a1 is isolated by a NetworkPolicy that allows: Baseline never consulted
        ReachabilityVerdict toA1 = c.verdict(B1, A1, 80);
        assertThat(toA1.allowed()).isTrue();
        assertThat(toA1.ingress().clusterRules()).isEmpty();
        // a2 is selected by no NetworkPolicy: Baseline denies
        ReachabilityVerdict toA2 = c.verdict(B1, A2, 80);
        assertThat(toA2.ingress().outcome()).isEqualTo(Outcome.BASELINE_DENIED);
        assertThat(toA2.ingress().describe()).contains("not isolated by any NetworkPolicy").contains("then Baseline `baseline-deny` (priority 100) rule `deny-all` denied");
        c.assertMatrixAgrees(80);
    }

    @Test
    void baselineAcceptWinsOverALaterBaselineDeny() {
        TierCluster c = new TierCluster().with(cnp("allow-monitoring", "Baseline", 10, ALL_NAMESPACES, """
                ingress:
                - action: Accept
                  from:
                  - pods:
                      namespaceSelector:
                        matchLabels:
                          role: monitoring
                      podSelector:
                        matchLabels:
                          app: prom""") + BASELINE_DENY_ALL_INGRESS);
        assertThat(c.verdict(MON, A1, 80).ingress().outcome()).isEqualTo(Outcome.BASELINE_ACCEPTED);
        assertThat(c.verdict(B1, A1, 80).ingress().outcome()).isEqualTo(Outcome.BASELINE_DENIED);
        c.assertMatrixAgrees(80);
    }

    @Test
    void baselinePassSkipsTheRestOfBaselineSoTheDefaultAllows() {
        TierCluster c = new TierCluster().with(cnp("skip-b", "Baseline", 10, ALL_NAMESPACES, """
                ingress:
                - action: Pass
                  from:
                  - namespaces:
                      matchLabels:
                        tenant: b""") + BASELINE_DENY_ALL_INGRESS);
        ReachabilityVerdict v = c.verdict(B1, A1, 80);
        assertThat(v.allowed()).isTrue();
        assertThat(v.ingress().describe()).contains("Baseline `skip-b` (priority 10) rule spec.ingress[0] passed").contains("the default allows");
        assertThat(c.allowed(MON, A1, 80)).isFalse();
        c.assertMatrixAgrees(80);
    }

    @Test
    void lowerPriorityValueWinsAndTiesGoByName() {
        TierCluster lowAccept = new TierCluster().with(adminIngressFromB("z-accept", 5, "Accept") + adminIngressFromB("a-deny", 10, "Deny"));
        assertThat(lowAccept.allowed(B1, A1, 80)).isTrue();
        TierCluster lowDeny = new TierCluster().with(adminIngressFromB("z-accept", 10, "Accept") + adminIngressFromB("a-deny", 5, "Deny"));
        assertThat(lowDeny.allowed(B1, A1, 80)).isFalse();
        // equal priorities: upstream leaves the order undefined, netfence takes the name order
        TierCluster tie = new TierCluster().with(adminIngressFromB("b-deny", 7, "Deny") + adminIngressFromB("a-accept", 7, "Accept"));
        ReachabilityVerdict v = tie.verdict(B1, A1, 80);
        assertThat(v.allowed()).isTrue();
        assertThat(v.ingress().clusterRules().get(0).policy()).isEqualTo("a-accept");
        lowAccept.assertMatrixAgrees(80);
        lowDeny.assertMatrixAgrees(80);
        tie.assertMatrixAgrees(80);
    }

    @Test
    void firstMatchingRuleInOrderDecides() {
        TierCluster c = new TierCluster().with(cnp("ordered", "Admin", 10, TENANT_A, """
                ingress:
                - name: accept-web-port
                  action: Accept
                  from:
                  - namespaces: {}
                  protocols:
                  - tcp:
                      destinationPort:
                        number: 8080
                - name: deny-rest
                  action: Deny
                  from:
                  - namespaces: {}"""));
        assertThat(c.verdict(B1, A1, 8080).ingress().outcome()).isEqualTo(Outcome.ADMIN_ACCEPTED);
        ReachabilityVerdict other = c.verdict(B1, A1, 80);
        assertThat(other.ingress().outcome()).isEqualTo(Outcome.ADMIN_DENIED);
        assertThat(other.ingress().clusterRules().get(0).ruleName()).isEqualTo("deny-rest");
        c.assertMatrixAgrees(80, 8080);
    }

    @Test
    void portRangesAndNamedPortsResolvePerDestination() {
        TierCluster c = new TierCluster().with(cnp("ports", "Admin", 10, ALL_NAMESPACES, """
                ingress:
                - action: Deny
                  from:
                  - namespaces: {}
                  protocols:
                  - destinationNamedPort: http
                  - udp:
                      destinationPort:
                        range:
                          start: 80
                          end: 90"""));
        assertThat(c.verdict(B1, A1, 8080).ingress().outcome()).isEqualTo(Outcome.ADMIN_DENIED); // http = 8080 on a1
        assertThat(c.verdict(A1, B1, 8080).ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED); // http = 9090 on b1
        assertThat(c.verdict(A1, B1, 9090).ingress().outcome()).isEqualTo(Outcome.ADMIN_DENIED);
        assertThat(c.verdict(B1, A2, 8080).ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED); // a2 has no port named http
        assertThat(c.verdict(B1, A1, 85).ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED); // the range is UDP
        assertThat(c.verdict(B1, A1, 8080).ingress().describe()).contains("named port http (= TCP/8080 on tenant-a/a1)");
        c.assertMatrixAgrees(85, 8080, 9090);
    }

    @Test
    void nodesAndNetworksPeersMatchByAddress() {
        TierCluster c = new TierCluster().with(cnp("egress-guard", "Admin", 10, ALL_NAMESPACES, """
                egress:
                - name: block-metadata
                  action: Deny
                  to:
                  - networks: ["169.254.169.254/32"]
                - name: block-control-plane
                  action: Deny
                  to:
                  - nodes:
                      matchLabels:
                        role: control"""));
        ReachabilityAnalyzer a = c.analyzer();
        ReachabilityVerdict metadata = a.verdict(a.endpointForIp(A1), io.netfence.engine.reachability.Endpoint.ip("169.254.169.254"), 80,
                io.netfence.engine.model.Protocol.TCP);
        assertThat(metadata.egress().outcome()).isEqualTo(Outcome.ADMIN_DENIED);
        assertThat(metadata.egress().describe()).contains("rule `block-metadata`").contains("networks 169.254.169.254/32");
        assertThat(c.verdict(A1, N2, 6443).egress().outcome()).isEqualTo(Outcome.ADMIN_DENIED);
        assertThat(c.verdict(A1, N1, 6443).egress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        c.assertMatrixAgrees(80, 6443);
    }

    @Test
    void networksPeersCoverPodAddressesToo() {
        TierCluster c = new TierCluster().with(cnp("no-b-range", "Admin", 10, TENANT_A, """
                egress:
                - action: Deny
                  to:
                  - networks: ["10.0.2.0/24"]"""));
        assertThat(c.verdict(A1, B1, 80).egress().outcome()).isEqualTo(Outcome.ADMIN_DENIED);
        assertThat(c.verdict(A1, MON, 80).allowed()).isTrue();
        c.assertMatrixAgrees(80);
    }

    @Test
    void hostNetworkPodsAreNeitherSubjectsNorPodPeers() {
        TierCluster c = new TierCluster().with(cnp("deny-b", "Admin", 10, "namespaces:\n  matchLabels:\n    tenant: b", """
                egress:
                - action: Deny
                  to:
                  - namespaces: {}
                ingress:
                - action: Deny
                  from:
                  - namespaces: {}""") + adminIngressFromB("deny-from-b", 20, "Deny"));
        ReachabilityAnalyzer a = c.analyzer();
        Endpoint agent = a.endpoint("tenant-b", "agent");
        // the host-network agent in tenant-b is no subject: its egress is not denied
        ReachabilityVerdict fromAgent = a.verdict(agent, a.endpointForIp(MON), 80, io.netfence.engine.model.Protocol.TCP);
        assertThat(fromAgent.egress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        // ... and no pod peer: tenant-a's "deny from tenant b" does not match it
        ReachabilityVerdict agentToA = a.verdict(agent, a.endpointForIp(A1), 80, io.netfence.engine.model.Protocol.TCP);
        assertThat(agentToA.ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        assertThat(c.verdict(B1, A1, 80).allowed()).isFalse();
        c.assertMatrixAgrees(80);
    }

    @Test
    void ownNodeTrafficAndLoopbackStayAllowedAgainstAdminDeny() {
        TierCluster c = new TierCluster().with(cnp("deny-everything", "Admin", 0, ALL_NAMESPACES, """
                ingress:
                - action: Deny
                  from:
                  - namespaces: {}
                egress:
                - action: Deny
                  to:
                  - networks: ["0.0.0.0/0"]"""));
        ReachabilityVerdict probe = c.verdict(N1, A1, 8080);
        assertThat(probe.ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED); // node addresses are no pod peers
        assertThat(c.verdict(A1, A1, 80).allowed()).isTrue();
        assertThat(c.verdict(A1, B1, 80).allowed()).isFalse();
        c.assertMatrixAgrees(80, 8080);
    }

    @Test
    void unknownPeersFailClosedDenyMatchesEverythingAcceptNothing() {
        var denyUnknown = new io.netfence.engine.model.ClusterNetworkPolicy("future-deny", ClusterPolicyTier.ADMIN, 10,
                io.netfence.engine.model.ClusterPolicySubject.namespaces(io.netfence.engine.model.LabelSelector.of(java.util.Map.of("tenant", "a"))),
                java.util.List.of(new io.netfence.engine.model.ClusterPolicyRule("sa", ClusterPolicyAction.DENY,
                        java.util.List.of(new io.netfence.engine.model.ClusterPolicyPeer.Unknown("serviceAccounts")),
                        java.util.List.of(io.netfence.engine.model.ClusterPolicyPort.number(io.netfence.engine.model.Protocol.TCP, 1)))),
                java.util.List.of());
        var acceptUnknown = new io.netfence.engine.model.ClusterNetworkPolicy("future-accept", ClusterPolicyTier.ADMIN, 5,
                io.netfence.engine.model.ClusterPolicySubject.namespaces(io.netfence.engine.model.LabelSelector.EVERYTHING),
                java.util.List.of(new io.netfence.engine.model.ClusterPolicyRule("sa", ClusterPolicyAction.ACCEPT,
                        java.util.List.of(new io.netfence.engine.model.ClusterPolicyPeer.Unknown("serviceAccounts")), java.util.List.of())),
                java.util.List.of());
        TierCluster c = new TierCluster();
        var snapshot = c.snapshot().withClusterNetworkPolicy(denyUnknown).withClusterNetworkPolicy(acceptUnknown);
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(snapshot);
        // the Accept matches nothing (falls through), the Deny matches every peer and port (its port list is ignored)
        ReachabilityVerdict v = a.verdict(a.endpointForIp(MON), a.endpointForIp(A1), 80, io.netfence.engine.model.Protocol.TCP);
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.ADMIN_DENIED);
        assertThat(v.ingress().describe()).contains("unknown peer serviceAccounts (fail closed)");
        assertThat(a.verdict(a.endpointForIp(MON), a.endpointForIp(B1), 80, io.netfence.engine.model.Protocol.TCP).allowed()).isTrue();
        var endpoints = c.endpoints();
        var m = ConnectivityMatrix.compute(snapshot, endpoints, 80, io.netfence.engine.model.Protocol.TCP);
        for (int i = 0; i < endpoints.size(); i++) {
            for (int j = 0; j < endpoints.size(); j++) {
                assertThat(m.allowed(i, j)).isEqualTo(a.allowed(endpoints.get(i), endpoints.get(j), 80, io.netfence.engine.model.Protocol.TCP));
            }
        }
    }

    @Test
    void domainNamesEnforceNothingAndTheExplanationSaysSo() {
        TierCluster c = new TierCluster().with(cnp("dns-allow", "Admin", 10, ALL_NAMESPACES, """
                egress:
                - name: allow-example
                  action: Accept
                  to:
                  - domainNames: ["example.com"]
                - name: deny-rest
                  action: Deny
                  to:
                  - networks: ["0.0.0.0/0"]"""));
        ReachabilityAnalyzer a = c.analyzer();
        ReachabilityVerdict v = a.verdict(a.endpointForIp(A1), Endpoint.ip("8.8.8.8"), 443, io.netfence.engine.model.Protocol.TCP);
        assertThat(v.allowed()).isFalse();
        assertThat(v.describe()).contains("note: Admin `dns-allow` (priority 10) rule `allow-example` names domainNames example.com: "
                + "netfence does not enforce domainNames (no DNS interception), so they matched nothing");
        c.assertMatrixAgrees(443);
    }
}
