package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.netfence.engine.model.Policy;

/**
 * A {@code StagedNetworkPolicy} ({@code netfence.io/v1alpha1}, namespaced, spec = a NetworkPolicy spec) read as the
 * NetworkPolicy it stages, so it converts and validates exactly like one ({@link PolicyConverter}) and compiles into
 * counting rules only.
 */
public final class StagedPolicyConverter {

    public static final String GROUP = "netfence.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "StagedNetworkPolicy";
    public static final String PLURAL = "stagednetworkpolicies";

    // Unknown fields are the API server's business (the CRD schema prunes them); a wrongly typed one fails the conversion.
    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private StagedPolicyConverter() {
    }

    /** The NetworkPolicy the staged object would be once enforced (same namespace, name and spec). */
    public static NetworkPolicy asNetworkPolicy(GenericKubernetesResource staged) {
        Object spec = staged.getAdditionalProperties() == null ? null : staged.getAdditionalProperties().get("spec");
        NetworkPolicy np = new NetworkPolicy();
        np.setMetadata(new ObjectMetaBuilder().withNamespace(staged.getMetadata().getNamespace())
                .withName(staged.getMetadata().getName())
                .withResourceVersion(staged.getMetadata().getResourceVersion()).build());
        np.setSpec(spec == null ? new NetworkPolicySpec() : JSON.convertValue(spec, NetworkPolicySpec.class));
        return np;
    }

    /** @throws RuntimeException naming the field when the spec is not a usable NetworkPolicy spec */
    public static Policy convert(GenericKubernetesResource staged) {
        return PolicyConverter.convert(asNetworkPolicy(staged));
    }
}
