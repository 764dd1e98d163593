package io.netfence.engine.validation;

import io.netfence.engine.model.Policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of {@link Policies#fromNetworkPolicy}: the engine policy when the NetworkPolicy is valid,
 * otherwise the errors (and no policy). {@code reference} names the object, e.g. {@code NetworkPolicy default/web}.
 */
public record ValidatedPolicy(String reference, Policy policy, List<FieldError> errors) {

    public ValidatedPolicy {
        errors = List.copyOf(errors);
        if ((policy == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("either a policy or errors");
        }
    }

    public boolean valid() {
        return policy != null;
    }

    /** The policy, or an {@link InvalidPolicyException} listing every error. */
    public Policy orElseThrow() {
        if (policy == null) {
            throw new InvalidPolicyException(reference, errors);
        }
        return policy;
    }

    /** {@code NetworkPolicy default/web is invalid: spec...: ...; spec...: ...}. */
    public String describeErrors() {
        return reference + " is invalid: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
