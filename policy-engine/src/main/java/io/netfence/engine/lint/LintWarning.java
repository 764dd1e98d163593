package io.netfence.engine.lint;

/**
 * A likely mistake in a NetworkPolicy: valid for the API server, but probably not what its author meant.
 * {@code code} is stable (see {@link LintCodes}), {@code path} points at the field ({@code spec.ingress[0].from}),
 * {@code hint} says how to fix it.
 */
public record LintWarning(String code, String path, String message, String hint) {

    @Override
    public String toString() {
        return code + " " + path + ": " + message + " (" + hint + ")";
    }
}
