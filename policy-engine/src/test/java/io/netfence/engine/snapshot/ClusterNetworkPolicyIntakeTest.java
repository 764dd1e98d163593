package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyTier;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored ClusterNetworkPolicy the engine cannot use never removes the policy: the last usable version stays, or the
 * policy is enforced fail-closed rule by rule (unreadable Deny/Pass match everything, unreadable Accept nothing).
 */
class ClusterNetworkPolicyIntakeTest {

    private final ClusterState state = new ClusterState();

    private static GenericKubernetesResource cnp(String resourceVersion, String rules) {
        GenericKubernetesResource r = ManifestParser.withDefaults().parse("""
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata:
                  name: guard
                spec:
                  tier: Admin
                  priority: 10
                  subject:
                    namespaces:
                      matchLabels:
                        tenant: a
                """ + rules).clusterNetworkPolicies().get(0);
        r.getMetadata().setResourceVersion(resourceVersion);
        return r;
    }

    private static final String GOOD = """
              egress:
              - name: block-metadata
                action: Deny
                to:
                - networks: ["169.254.169.254/32"]
            """;
    private static final String BAD_CIDR = GOOD.replace("169.254.169.254/32", "169.254.169.254/33");

    @Test
    void aUsableObjectIsEnforcedAsItIs() {
        assertThat(state.takeClusterNetworkPolicy(cnp("1", GOOD))).isEmpty();
        ClusterNetworkPolicy p = state.snapshot().clusterNetworkPolicy("guard").orElseThrow();
        assertThat(p.tier()).isEqualTo(ClusterPolicyTier.ADMIN);
        assertThat(p.egress().get(0).peers()).containsExactly(new ClusterPolicyPeer.Networks(
                java.util.List.of(io.netfence.engine.model.Cidr.of("169.254.169.254/32"))));
    }

    @Test
    void anUnusableUpdateKeepsTheLastUsableVersionAndAUsableOneHeals() {
        state.takeClusterNetworkPolicy(cnp("1", GOOD));
        ClusterNetworkPolicy good = state.snapshot().clusterNetworkPolicy("guard").orElseThrow();

        UnusableClusterNetworkPolicy problem = state.takeClusterNetworkPolicy(cnp("2", BAD_CIDR)).orElseThrow();

        assertThat(problem.handling()).isEqualTo(UnusablePolicy.Handling.LAST_GOOD_KEPT);
        assertThat(problem.reason()).contains("spec.egress[0].to[0].networks[0]", "169.254.169.254/33");
        assertThat(problem.describe()).startsWith("ClusterNetworkPolicy guard (resourceVersion 2) cannot be used:")
                .endsWith("the last usable version stays enforced");
        assertThat(state.snapshot().clusterNetworkPolicy("guard")).contains(good);
        assertThat(state.unusableClusterNetworkPolicies()).containsExactly(problem);

        assertThat(state.takeClusterNetworkPolicy(cnp("3", GOOD))).isEmpty();
        assertThat(state.unusableClusterNetworkPolicies()).isEmpty();
    }

    @Test
    void neverUsableFailsClosedRuleByRule() {
        String rules = """
                  egress:
                  - name: accept-broken
                    action: Accept
                    to:
                    - networks: ["nonsense"]
                  - name: deny-broken
                    action: Deny
                    to:
                    - networks: ["10.0.0.0/33"]
                  - name: pass-broken
                    action: Pass
                    to:
                    - pods: {}
                  - name: broken-action
                    action: Drop
                    to:
                    - namespaces: {}
                  - name: fine
                    action: Accept
                    to:
                    - namespaces: {}
                """;
        UnusableClusterNetworkPolicy problem = state.takeClusterNetworkPolicy(cnp("7", rules)).orElseThrow();

        assertThat(problem.handling()).isEqualTo(UnusablePolicy.Handling.FAIL_CLOSED);
        ClusterNetworkPolicy closed = state.snapshot().clusterNetworkPolicy("guard").orElseThrow();
        assertThat(closed.subject().namespaceSelector().matches(Map.of("tenant", "a"))).isTrue();
        // the unreadable Accept is left out (matches nothing); Deny and Pass match everything; an unreadable action denies
        assertThat(closed.egress()).extracting(r -> r.name() + ":" + r.action()).containsExactly(
                "deny-broken:DENY", "pass-broken:PASS", "broken-action:DENY", "fine:ACCEPT");
        assertThat(closed.egress().get(0).peers()).singleElement().isInstanceOf(ClusterPolicyPeer.Unknown.class);
        assertThat(closed.egress().get(3).peers()).singleElement().isInstanceOf(ClusterPolicyPeer.Pods.class);
    }

    @Test
    void unreadableTierAndPriorityFailClosedToAdminPriority0() {
        GenericKubernetesResource r = cnp("1", BAD_CIDR);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
        spec.put("tier", "Platform");
        spec.put("priority", "high");
        state.takeClusterNetworkPolicy(r);
        ClusterNetworkPolicy closed = state.snapshot().clusterNetworkPolicy("guard").orElseThrow();
        assertThat(closed.tier()).isEqualTo(ClusterPolicyTier.ADMIN);
        assertThat(closed.priority()).isZero();
        assertThat(closed.egress().get(0).action()).isEqualTo(ClusterPolicyAction.DENY);
    }

    @Test
    void anUnreadableSubjectEnforcesNothingAndSaysSo() {
        GenericKubernetesResource r = cnp("1", GOOD);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
        spec.put("subject", Map.of("serviceAccounts", Map.of()));
        UnusableClusterNetworkPolicy problem = state.takeClusterNetworkPolicy(r).orElseThrow();
        assertThat(problem.handling()).isEqualTo(UnusablePolicy.Handling.NOT_ENFORCED);
        assertThat(state.snapshot().clusterNetworkPolicies()).isEmpty();
    }

    @Test
    void aPeerOfANewerCrdIsReadAsAnUnknownPeerNotAnError() {
        assertThat(state.takeClusterNetworkPolicy(cnp("1", """
                  ingress:
                  - action: Deny
                    from:
                    - serviceAccounts:
                        names: [x]
                """))).isEmpty();
        assertThat(state.snapshot().clusterNetworkPolicy("guard").orElseThrow().ingress().get(0).peers())
                .containsExactly(new ClusterPolicyPeer.Unknown("serviceAccounts"));
    }

    @Test
    void removalForgetsTheLastUsableVersion() {
        state.takeClusterNetworkPolicy(cnp("1", GOOD));
        state.removeClusterNetworkPolicy("guard");
        assertThat(state.snapshot().clusterNetworkPolicies()).isEmpty();
        assertThat(state.takeClusterNetworkPolicy(cnp("2", BAD_CIDR)).orElseThrow().handling()).isEqualTo(UnusablePolicy.Handling.FAIL_CLOSED);
    }

    @Test
    void snapshotsOrderByTierPriorityThenName() {
        var s = ClusterSnapshot.of(java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(
                policy("b-base", ClusterPolicyTier.BASELINE, 0), policy("z", ClusterPolicyTier.ADMIN, 5),
                policy("a", ClusterPolicyTier.ADMIN, 5), policy("first", ClusterPolicyTier.ADMIN, 1)));
        assertThat(s.clusterNetworkPolicies()).extracting(ClusterNetworkPolicy::name).containsExactly("first", "a", "z", "b-base");
        assertThat(s.withPolicy(new io.netfence.engine.model.Policy("ns", "np", io.netfence.engine.model.LabelSelector.EVERYTHING,
                java.util.Set.of(), java.util.List.of(), java.util.List.of())).clusterNetworkPolicies()).hasSize(4);
        assertThat(s.withoutClusterNetworkPolicy("z").clusterNetworkPolicies()).hasSize(3);
    }

    private static ClusterNetworkPolicy policy(String name, ClusterPolicyTier tier, int priority) {
        return new ClusterNetworkPolicy(name, tier, priority,
                io.netfence.engine.model.ClusterPolicySubject.namespaces(io.netfence.engine.model.LabelSelector.EVERYTHING),
                java.util.List.of(), java.util.List.of());
    }

    /** An empty peer list (invalid, so only a broken or foreign writer stores it): Deny matches everything, Accept nothing. */
    @Test
    void emptyPeersFailClosedAndTheVerdictsShowIt() {
        state.upsertNamespace(new io.netfence.engine.model.NamespaceInfo("tenant-a", Map.of("tenant", "a")));
        state.upsertPod(new io.netfence.engine.model.PodInfo("tenant-a", "a1", Map.of(), java.util.List.of("10.0.1.1"), "n1", false,
                "Running", java.util.List.of()));
        state.takeClusterNetworkPolicy(cnp("1", """
                  egress:
                  - name: accept-nothing
                    action: Accept
                    to: []
                  - name: deny-empty
                    action: Deny
                    to: []
                """));
        var analyzer = new io.netfence.engine.reachability.ReachabilityAnalyzer(state.snapshot());
        var v = analyzer.verdict(analyzer.endpoint("tenant-a", "a1"), io.netfence.engine.reachability.Endpoint.ip("8.8.8.8"), 53,
                io.netfence.engine.model.Protocol.UDP);
        assertThat(v.allowed()).isFalse();
        assertThat(v.egress().describe()).contains("Admin `guard` (priority 10) rule `deny-empty` denied", "fail closed");
    }
}
