package io.netfence.engine.manifest;

import io.netfence.engine.model.Policy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** StagedNetworkPolicies in manifests: read only when asked (render), staged (never enforced) in the snapshot. */
class StagedPolicyManifestTest {

    static final String TEXT = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: netfence.io/v1alpha1
            kind: StagedNetworkPolicy
            metadata: {name: lockdown, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Ingress]
            ---
            apiVersion: netfence.io/v1alpha1
            kind: StagedNetworkPolicy
            metadata: {name: no-namespace}
            spec: {podSelector: {}, policyTypes: [Egress]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: lockdown, namespace: shop}
            spec: {podSelector: {}}
            """;

    @Test
    void theDefaultParserLeavesThemAsAnUnknownKind() {
        ParsedManifest parsed = new ManifestParser(ManifestParser.DEFAULT_MAX_BYTES, UnknownKinds.REPORT).parse(TEXT);
        assertThat(parsed.skipped()).extracting(SkippedObject::kind).containsExactly("StagedNetworkPolicy", "StagedNetworkPolicy");
        assertThat(SnapshotAssembler.assemble(parsed, "default").orElseThrow().stagedPolicies()).isEmpty();
    }

    @Test
    void withStagedPoliciesTheyAreStagedBesideTheEnforcedPolicyOfTheSameName() {
        ParsedManifest parsed = ManifestParser.withDefaults().withStagedPolicies().parse(TEXT);
        var snapshot = SnapshotAssembler.assemble(parsed, "default").orElseThrow();
        assertThat(snapshot.stagedPolicies()).extracting(Policy::key).containsExactly("default/no-namespace", "shop/lockdown");
        assertThat(snapshot.policies()).extracting(Policy::key).containsExactly("shop/lockdown");
        assertThat(snapshot.clusterNetworkPolicies()).isEmpty();
        // without a default namespace a staged policy needs one, like every namespaced object
        assertThat(SnapshotAssembler.assemble(parsed).errors()).singleElement().asString()
                .contains("StagedNetworkPolicy no-namespace").contains("metadata.namespace: Required value");
    }

    @Test
    void oneThatCannotBeConvertedIsReportedWithItsName() {
        ParsedManifest parsed = ManifestParser.withDefaults().withStagedPolicies().parse("""
                apiVersion: netfence.io/v1alpha1
                kind: StagedNetworkPolicy
                metadata: {name: broken, namespace: shop}
                spec: {podSelector: 5}
                """);
        assertThat(SnapshotAssembler.assemble(parsed).errors()).singleElement().asString()
                .contains("StagedNetworkPolicy shop/broken").contains("cannot be used");
    }
}
