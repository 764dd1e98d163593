package io.netfence.engine.manifest;

import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code render --state}: a List with ClusterNetworkPolicies (cluster-scoped) beside namespaces, pods and NetworkPolicies. */
class ClusterNetworkPolicyManifestTest {

    private static final String STATE = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: tenant-a
                labels: {tenant: a}
            - apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata: {name: deny-all, namespace: tenant-a}
              spec: {podSelector: {}}
            - apiVersion: policy.networking.k8s.io/v1alpha2
              kind: ClusterNetworkPolicy
              metadata:
                name: tenant-isolation
              spec:
                tier: Admin
                priority: 10
                subject:
                  namespaces: {matchLabels: {tenant: a}}
                ingress:
                - name: deny-cross-tenant
                  action: Deny
                  from:
                  - namespaces: {matchExpressions: [{key: tenant, operator: NotIn, values: [a]}]}
            - apiVersion: policy.networking.k8s.io/v1alpha2
              kind: ClusterNetworkPolicyList
              items:
              - metadata: {name: baseline-default-deny}
                spec:
                  tier: Baseline
                  priority: 1000
                  subject: {namespaces: {}}
                  ingress:
                  - action: Deny
                    from: [{namespaces: {}}]
            """;

    @Test
    void aStateListCarriesClusterNetworkPoliciesIntoTheSnapshot() {
        ClusterSnapshot s = SnapshotAssembler.assemble(ManifestParser.withDefaults().parse(STATE)).orElseThrow();
        assertThat(s.policies()).hasSize(1);
        assertThat(s.clusterNetworkPolicies()).extracting(c -> c.name() + ":" + c.tier() + ":" + c.priority())
                .containsExactly("tenant-isolation:ADMIN:10", "baseline-default-deny:BASELINE:1000");
        assertThat(s.clusterNetworkPolicy("tenant-isolation").orElseThrow().tier()).isEqualTo(ClusterPolicyTier.ADMIN);
    }

    @Test
    void anInvalidClusterNetworkPolicyIsReportedWithItsFieldAndLine() {
        SnapshotAssembly a = SnapshotAssembler.assemble(ManifestParser.withDefaults().parse(STATE.replace("priority: 10\n", "priority: 1001\n")));
        assertThat(a.errors()).singleElement().satisfies(e -> {
            assertThat(e.toString()).contains("ClusterNetworkPolicy tenant-isolation",
                    "spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000");
            assertThat(e.location().line()).isEqualTo(STATE.lines().toList().indexOf("    priority: 10") + 1);
        });
        assertThat(a.snapshot().clusterNetworkPolicies()).extracting(c -> c.name()).containsExactly("baseline-default-deny");
    }

    @Test
    void theWrongApiVersionIsRefusedAndTheSameNameTwiceReported() {
        assertThatThrownBy(() -> ManifestParser.withDefaults().parse(STATE.replace("policy.networking.k8s.io/v1alpha2\n  kind: ClusterNetworkPolicy\n",
                "policy.networking.k8s.io/v1alpha1\n  kind: ClusterNetworkPolicy\n")))
                .hasMessageContaining("apiVersion: Unsupported value: \"policy.networking.k8s.io/v1alpha1\": ClusterNetworkPolicy must be policy.networking.k8s.io/v1alpha2");
        String twice = STATE + """
                - apiVersion: policy.networking.k8s.io/v1alpha2
                  kind: ClusterNetworkPolicy
                  metadata: {name: tenant-isolation, namespace: ignored}
                  spec: {tier: Admin, priority: 1, subject: {namespaces: {}}}
                """;
        SnapshotAssembly a = SnapshotAssembler.assemble(ManifestParser.withDefaults().parse(twice));
        assertThat(a.errors()).singleElement().satisfies(e -> assertThat(e.toString()).contains("ClusterNetworkPolicy tenant-isolation", "given twice"));
    }
}
