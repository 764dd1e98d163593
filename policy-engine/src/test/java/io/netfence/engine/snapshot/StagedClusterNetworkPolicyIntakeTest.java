package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.ParsedManifest;
import io.netfence.engine.manifest.SnapshotAssembler;
import io.netfence.engine.manifest.SkippedObject;
import io.netfence.engine.manifest.UnknownKinds;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyTier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** StagedClusterNetworkPolicies validate and convert exactly like ClusterNetworkPolicies, and are staged, never enforced. */
class StagedClusterNetworkPolicyIntakeTest {

    static final String STAGED = """
            apiVersion: netfence.io/v1alpha1
            kind: StagedClusterNetworkPolicy
            metadata: {name: guard}
            spec:
              tier: Admin
              priority: 10
              subject: {namespaces: {matchLabels: {team: shop}}}
              ingress:
              - name: no-frontend
                action: Deny
                from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: frontend}}}}]
                protocols: [{tcp: {destinationPort: {number: 8080}}}]
            """;

    private static GenericKubernetesResource object(String yaml) {
        return (GenericKubernetesResource) ManifestParser.withDefaults().withStagedPolicies().parse(yaml).objects().get(0).resource();
    }

    @Test
    void convertsAsTheClusterNetworkPolicyItStages() {
        GenericKubernetesResource staged = object(STAGED);
        ClusterNetworkPolicy asStaged = StagedClusterNetworkPolicyConverter.convert(staged);
        GenericKubernetesResource cnp = StagedClusterNetworkPolicyConverter.asClusterNetworkPolicy(staged);
        assertThat(cnp.getApiVersion()).isEqualTo("policy.networking.k8s.io/v1alpha2");
        assertThat(cnp.getKind()).isEqualTo("ClusterNetworkPolicy");
        assertThat(asStaged).isEqualTo(ClusterNetworkPolicyConverter.convert(cnp));
        assertThat(asStaged.tier()).isEqualTo(ClusterPolicyTier.ADMIN);
        assertThat(asStaged.priority()).isEqualTo(10);
    }

    @Test
    void invalidSpecsAreRefusedNamingTheFieldAndTheLastUsableVersionStaysStaged() {
        ClusterState state = new ClusterState();
        assertThat(state.takeStagedClusterNetworkPolicy(object(STAGED))).isEmpty();
        GenericKubernetesResource broken = object(STAGED.replace("priority: 10", "priority: 2000").replace("metadata: {name: guard}",
                "metadata: {name: guard, resourceVersion: \"7\"}"));
        var problem = state.takeStagedClusterNetworkPolicy(broken);
        assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("StagedClusterNetworkPolicy guard", "resourceVersion 7",
                "spec.priority", "1000", "its last usable version stays staged"));
        assertThat(state.snapshot().stagedClusterNetworkPolicies()).extracting(ClusterNetworkPolicy::priority).containsExactly(10);
        assertThat(state.snapshot().clusterNetworkPolicies()).isEmpty();
        assertThat(state.unusableStagedClusterNetworkPolicies()).hasSize(1);

        // never seen usable: nothing staged (never fail-closed: a staged policy only counts)
        var unknownField = object(STAGED.replace("metadata: {name: guard}", "metadata: {name: other}").replace("tier: Admin", "tier: Admin\n  colour: red"));
        assertThat(state.takeStagedClusterNetworkPolicy(unknownField)).hasValueSatisfying(p -> assertThat(p)
                .contains("StagedClusterNetworkPolicy other", "spec.colour", "nothing is staged for it"));
        assertThat(state.stagedClusterNetworkPolicy("other")).isNull();

        state.removeStagedClusterNetworkPolicy("guard");
        assertThat(state.snapshot().stagedClusterNetworkPolicies()).isEmpty();
        assertThat(state.unusableStagedClusterNetworkPolicies()).hasSize(1); // "other" still reported
    }

    @Test
    void manifestsReadThemOnlyWhenAskedAsClusterScopedStagedPolicies() {
        String text = STAGED + "---\n" + STAGED.replace("StagedClusterNetworkPolicy", "ClusterNetworkPolicy")
                .replace("netfence.io/v1alpha1", "policy.networking.k8s.io/v1alpha2");
        ParsedManifest plain = new ManifestParser(ManifestParser.DEFAULT_MAX_BYTES, UnknownKinds.REPORT).parse(text);
        assertThat(plain.skipped()).extracting(SkippedObject::kind).containsExactly("StagedClusterNetworkPolicy");
        ClusterSnapshot snapshot = SnapshotAssembler.assemble(ManifestParser.withDefaults().withStagedPolicies().parse(text)).orElseThrow();
        assertThat(snapshot.stagedClusterNetworkPolicies()).extracting(ClusterNetworkPolicy::name).containsExactly("guard");
        assertThat(snapshot.clusterNetworkPolicies()).extracting(ClusterNetworkPolicy::name).containsExactly("guard");

        var errors = SnapshotAssembler.assemble(ManifestParser.withDefaults().withStagedPolicies()
                .parse(STAGED.replace("action: Deny", "action: Drop"))).errors();
        assertThat(errors).singleElement().asString().contains("StagedClusterNetworkPolicy guard", "action", "Drop");
    }
}
