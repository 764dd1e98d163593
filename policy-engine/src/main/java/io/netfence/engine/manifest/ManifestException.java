package io.netfence.engine.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a manifest cannot be used; lists every problem found, one per line in the message. */
public class ManifestException extends RuntimeException {

    private final List<ManifestError> errors;

    public ManifestException(List<ManifestError> errors) {
        super(errors.stream().map(ManifestError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public ManifestException(ManifestError error) {
        this(List.of(error));
    }

    public List<ManifestError> errors() {
        return errors;
    }
}
