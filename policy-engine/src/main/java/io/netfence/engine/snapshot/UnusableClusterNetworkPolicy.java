package io.netfence.engine.snapshot;

/**
 * A stored ClusterNetworkPolicy object the engine cannot use as it is, and what is enforced instead
 * (see {@link ClusterNetworkPolicyIntake}). Never is the answer "forget the policy": that could open what it denies.
 *
 * @param resourceVersion the unusable version
 * @param reason          the field and why it cannot be used
 */
public record UnusableClusterNetworkPolicy(String name, String resourceVersion, String reason, UnusablePolicy.Handling handling) {

    /** One line for logs, status conditions and the console. */
    public String describe() {
        String what = switch (handling) {
            case LAST_GOOD_KEPT -> "the last usable version stays enforced";
            case FAIL_CLOSED -> "enforced fail-closed: its unreadable Deny and Pass rules match every connection, its unreadable Accept rules none";
            case NOT_ENFORCED -> "nothing can be enforced for it (its subject or spec cannot be read)";
        };
        return "ClusterNetworkPolicy " + name + " (resourceVersion " + resourceVersion + ") cannot be used: " + reason + "; " + what;
    }
}
