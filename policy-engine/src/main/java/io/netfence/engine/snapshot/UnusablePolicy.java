package io.netfence.engine.snapshot;

/**
 * A NetworkPolicy object as stored that the engine cannot use (it slipped past the API server's validation, e.g. an
 * invalid CIDR written by an older or independent API server), and what is enforced for it instead. Never is the
 * answer "forget the policy": that would silently open the pods it isolates.
 *
 * @param resourceVersion the unusable version
 * @param reason          the field and why it cannot be used
 */
public record UnusablePolicy(String namespace, String name, String resourceVersion, String reason, Handling handling) {

    public enum Handling {
        /** The last version that could be used stays enforced until a usable version arrives. */
        LAST_GOOD_KEPT,
        /** No usable version was seen: the pods it selects are isolated in its directions and nothing is allowed. */
        FAIL_CLOSED,
        /** Not even its pod selector or policy types can be read: nothing can be enforced for it. */
        NOT_ENFORCED
    }

    public String key() {
        return namespace + "/" + name;
    }

    /** One line for logs, status messages and the console. */
    public String describe() {
        String what = switch (handling) {
            case LAST_GOOD_KEPT -> "the last usable version stays enforced";
            case FAIL_CLOSED -> "its pods are isolated with nothing allowed (fail closed)";
            case NOT_ENFORCED -> "nothing can be enforced for it";
        };
        return "NetworkPolicy " + key() + " (resourceVersion " + resourceVersion + ") cannot be used: " + reason + "; " + what;
    }
}
