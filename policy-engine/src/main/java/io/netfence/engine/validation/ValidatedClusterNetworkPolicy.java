package io.netfence.engine.validation;

import io.netfence.engine.model.ClusterNetworkPolicy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of {@link Policies#fromClusterNetworkPolicy}: the engine policy when the object is valid, otherwise the
 * errors (and no policy). {@code reference} names the object, e.g. {@code ClusterNetworkPolicy tenant-isolation}.
 */
public record ValidatedClusterNetworkPolicy(String reference, ClusterNetworkPolicy policy, List<FieldError> errors) {

    public ValidatedClusterNetworkPolicy {
        errors = List.copyOf(errors);
        if ((policy == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("either a policy or errors");
        }
    }

    public boolean valid() {
        return policy != null;
    }

    public String describeErrors() {
        return reference + " is invalid: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
