package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.PolicyConverter;

import java.util.List;

/**
 * The safe way from a fabric8 NetworkPolicy to an engine {@link Policy}: validate as the API server would,
 * and convert only what passed. {@link PolicyConverter} alone assumes valid input.
 */
public final class Policies {

    private Policies() {
    }

    public static ValidatedPolicy fromNetworkPolicy(NetworkPolicy np) {
        String reference = reference(np);
        List<FieldError> errors = new java.util.ArrayList<>(NetworkPolicyValidator.validate(np));
        if (errors.isEmpty() && (np.getMetadata().getName() == null || np.getMetadata().getName().isEmpty())) {
            // valid for the API server, which would pick the name; a preview or a ruleset needs the real one
            errors.add(FieldError.required("metadata.name", "netfence needs the final name; generateName is resolved only by the API server"));
        }
        if (!errors.isEmpty()) {
            return new ValidatedPolicy(reference, null, errors);
        }
        return new ValidatedPolicy(reference, PolicyConverter.convert(np), List.of());
    }

    /**
     * The safe way from a ClusterNetworkPolicy in generic form to an engine {@link io.netfence.engine.model.ClusterNetworkPolicy}:
     * validate as the API server with the upstream CRD would ({@link ClusterNetworkPolicyValidator}), convert only what passed.
     */
    public static ValidatedClusterNetworkPolicy fromClusterNetworkPolicy(io.fabric8.kubernetes.api.model.GenericKubernetesResource cnp) {
        String name = cnp == null || cnp.getMetadata() == null || cnp.getMetadata().getName() == null
                || cnp.getMetadata().getName().isEmpty() ? "<unnamed>" : cnp.getMetadata().getName();
        String reference = "ClusterNetworkPolicy " + name;
        List<FieldError> errors = new java.util.ArrayList<>(ClusterNetworkPolicyValidator.validate(cnp));
        if (errors.isEmpty() && "<unnamed>".equals(name)) {
            errors.add(FieldError.required("metadata.name", "netfence needs the final name; generateName is resolved only by the API server"));
        }
        if (!errors.isEmpty()) {
            return new ValidatedClusterNetworkPolicy(reference, null, errors);
        }
        try {
            return new ValidatedClusterNetworkPolicy(reference,
                    io.netfence.engine.snapshot.ClusterNetworkPolicyConverter.convert(cnp), List.of());
        } catch (IllegalArgumentException e) {
            // the validator should have caught it; never hand out a half-converted policy
            return new ValidatedClusterNetworkPolicy(reference, null, List.of(FieldError.invalidRendered("spec", "\"object\"", e.getMessage())));
        }
    }

    /** {@code NetworkPolicy namespace/name}, with placeholders for what is missing. */
    public static String reference(NetworkPolicy np) {
        var meta = np == null ? null : np.getMetadata();
        String ns = meta == null || meta.getNamespace() == null || meta.getNamespace().isEmpty() ? "<no namespace>" : meta.getNamespace();
        String name = meta == null || meta.getName() == null || meta.getName().isEmpty() ? "<unnamed>" : meta.getName();
        return "NetworkPolicy " + ns + "/" + name;
    }
}
