package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.validation.Policies;
import io.netfence.engine.validation.ValidatedClusterNetworkPolicy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code StagedClusterNetworkPolicy} ({@code netfence.io/v1alpha1}, cluster-scoped, spec = a ClusterNetworkPolicy
 * spec) read as the ClusterNetworkPolicy it stages, so it validates ({@code ClusterNetworkPolicyValidator}, the upstream
 * CRD's rules) and converts ({@link ClusterNetworkPolicyConverter}) exactly like one, and compiles into counting rules only.
 */
public final class StagedClusterNetworkPolicyConverter {

    public static final String GROUP = StagedPolicyConverter.GROUP;
    public static final String VERSION = StagedPolicyConverter.VERSION;
    public static final String KIND = "StagedClusterNetworkPolicy";
    public static final String PLURAL = "stagedclusternetworkpolicies";

    private StagedClusterNetworkPolicyConverter() {
    }

    /** The ClusterNetworkPolicy the staged object would be once enforced (same name, labels, annotations and spec). */
    public static GenericKubernetesResource asClusterNetworkPolicy(GenericKubernetesResource staged) {
        GenericKubernetesResource cnp = new GenericKubernetesResource();
        cnp.setApiVersion(ClusterNetworkPolicyConverter.API_VERSION);
        cnp.setKind(ClusterNetworkPolicyConverter.KIND);
        var meta = staged.getMetadata();
        cnp.setMetadata(meta == null ? new ObjectMetaBuilder().build() : new ObjectMetaBuilder().withName(meta.getName())
                .withGenerateName(meta.getGenerateName()).withResourceVersion(meta.getResourceVersion())
                .withLabels(meta.getLabels()).withAnnotations(meta.getAnnotations()).build());
        Map<String, Object> top = new LinkedHashMap<>();
        Object spec = staged.getAdditionalProperties() == null ? null : staged.getAdditionalProperties().get("spec");
        if (spec != null) {
            top.put("spec", spec);
        }
        cnp.setAdditionalProperties(top);
        return cnp;
    }

    /** Validated as the API server validates a ClusterNetworkPolicy, then converted; errors name the field. */
    public static ValidatedClusterNetworkPolicy validate(GenericKubernetesResource staged) {
        return Policies.fromClusterNetworkPolicy(asClusterNetworkPolicy(staged));
    }

    /** @throws IllegalArgumentException naming the fields when the spec is not a valid ClusterNetworkPolicy spec */
    public static ClusterNetworkPolicy convert(GenericKubernetesResource staged) {
        ValidatedClusterNetworkPolicy v = validate(staged);
        if (!v.valid()) {
            throw new IllegalArgumentException(v.describeErrors().replaceFirst("^ClusterNetworkPolicy", KIND));
        }
        return v.policy();
    }
}
