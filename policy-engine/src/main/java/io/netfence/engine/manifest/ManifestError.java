package io.netfence.engine.manifest;

/**
 * One problem found in a manifest. {@code location} and {@code object} (e.g. {@code NetworkPolicy default/web})
 * are null when unknown; {@code message} starts with the field path when there is one, e.g.
 * {@code spec.ingress[0].ports[0].port: expected int or string}.
 */
public record ManifestError(ManifestLocation location, String object, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (location != null) {
            sb.append(location.describe()).append(": ");
        }
        if (object != null) {
            sb.append(object).append(' ');
        }
        return sb.append(message).toString();
    }
}
