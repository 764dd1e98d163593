package io.netfence.engine.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A NetworkPolicy failed validation; the message lists every error like {@code kubectl apply} would. */
public class InvalidPolicyException extends IllegalArgumentException {

    private final String reference;
    private final List<FieldError> errors;

    public InvalidPolicyException(String reference, List<FieldError> errors) {
        super(reference + " is invalid: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.reference = reference;
        this.errors = List.copyOf(errors);
    }

    public String reference() {
        return reference;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
