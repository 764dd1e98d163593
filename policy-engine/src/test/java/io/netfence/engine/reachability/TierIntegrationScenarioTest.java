package io.netfence.engine.reachability;

import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.SnapshotAssembler;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario of upstream's CNPAdminTierIntegration conformance test, in netfence's own words and through the whole
 * engine path a {@code render --state} takes (manifest → validation → snapshot → verdicts): an Admin policy denying
 * two namespaces to each other, a NetworkPolicy allowing them, a Baseline policy denying them; the Admin rules turned
 * into Pass hand the decision to the NetworkPolicy; without the NetworkPolicy, Baseline denies.
 */
class TierIntegrationScenarioTest {

    private static final String CLUSTER = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: red, labels: {house: red}}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: green, labels: {house: green}}}
            - {apiVersion: v1, kind: Node, metadata: {name: n1}, status: {addresses: [{type: InternalIP, address: 192.168.0.1}]}}
            - apiVersion: v1
              kind: Pod
              metadata: {name: red-0, namespace: red}
              spec: {nodeName: n1, containers: [{name: c, image: x}]}
              status: {phase: Running, podIP: 10.0.1.10}
            - apiVersion: v1
              kind: Pod
              metadata: {name: green-0, namespace: green}
              spec: {nodeName: n1, containers: [{name: c, image: x}]}
              status: {phase: Running, podIP: 10.0.2.10}
            """;

    private static String admin(String ingressAction, String egressAction) {
        return """
                ---
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: red-green}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {matchLabels: {house: red}}}
                  ingress:
                  - {name: from-green, action: %s, from: [{namespaces: {matchLabels: {house: green}}}]}
                  egress:
                  - {name: to-green, action: %s, to: [{namespaces: {matchLabels: {house: green}}}]}
                """.formatted(ingressAction, egressAction);
    }

    private static final String NETWORK_POLICY = """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-green, namespace: red}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
              ingress: [{from: [{namespaceSelector: {matchLabels: {house: green}}}]}]
              egress: [{to: [{namespaceSelector: {matchLabels: {house: green}}}]}]
            """;

    private static final String BASELINE = """
            ---
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: default}
            spec:
              tier: Baseline
              priority: 10
              subject: {namespaces: {matchLabels: {house: red}}}
              ingress:
              - {name: from-green, action: Deny, from: [{namespaces: {matchLabels: {house: green}}}]}
              egress:
              - {name: to-green, action: Deny, to: [{namespaces: {matchLabels: {house: green}}}]}
            """;

    private static boolean allowed(String state, String from, String to, int port) {
        ClusterSnapshot s = SnapshotAssembler.assemble(ManifestParser.withDefaults().parse(state)).orElseThrow();
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(s);
        boolean verdict = a.allowed(a.endpointForIp(from), a.endpointForIp(to), port, Protocol.TCP);
        var endpoints = ConnectivityMatrix.podEndpoints(s);
        ConnectivityMatrix m = ConnectivityMatrix.compute(s, endpoints, port, Protocol.TCP);
        int i = endpoints.indexOf(a.endpointForIp(from));
        int j = endpoints.indexOf(a.endpointForIp(to));
        assertThat(m.allowed(i, j)).as("matrix agrees").isEqualTo(verdict);
        return verdict;
    }

    @Test
    void adminDenyBeatsTheNetworkPolicyBothWays() {
        String state = CLUSTER + admin("Deny", "Deny") + NETWORK_POLICY + BASELINE;
        for (int port : new int[]{80, 8080}) {
            assertThat(allowed(state, "10.0.2.10", "10.0.1.10", port)).isFalse();
            assertThat(allowed(state, "10.0.1.10", "10.0.2.10", port)).isFalse();
        }
    }

    @Test
    void passHandsTheDecisionToTheNetworkPolicy() {
        String passIngress = CLUSTER + admin("Pass", "Deny") + NETWORK_POLICY + BASELINE;
        assertThat(allowed(passIngress, "10.0.2.10", "10.0.1.10", 80)).isTrue();
        assertThat(allowed(passIngress, "10.0.1.10", "10.0.2.10", 80)).isFalse();
        String passBoth = CLUSTER + admin("Pass", "Pass") + NETWORK_POLICY + BASELINE;
        assertThat(allowed(passBoth, "10.0.1.10", "10.0.2.10", 8080)).isTrue();
    }

    @Test
    void withoutTheNetworkPolicyPassReachesTheBaselineDeny() {
        String state = CLUSTER + admin("Pass", "Pass") + BASELINE;
        assertThat(allowed(state, "10.0.2.10", "10.0.1.10", 80)).isFalse();
        assertThat(allowed(state, "10.0.1.10", "10.0.2.10", 8080)).isFalse();
        // and without the Baseline policy the default allows
        assertThat(allowed(CLUSTER + admin("Pass", "Pass"), "10.0.1.10", "10.0.2.10", 8080)).isTrue();
    }
}
