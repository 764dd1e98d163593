package io.netfence.engine.snapshot;

/**
 * A stored ClusterNetworkPolicy object the engine cannot use as it is, and what is enforced instead
 * (see {@link ClusterNetworkPolicyIntake}). Never is the answer "forget the policy": that could open what it denies.
 *
 * @param resourceVersion the unusable version
 * @param reason          the field and why it cannot be used
 */
public record UnusableClusterNetworkPolicy(String name, String resourceVersion, String reason, UnusablePolicy.Handling handling) {

    /** One line for logs and the console. */
    public String describe() {
        return "ClusterNetworkPolicy " + name + " (resourceVersion " + resourceVersion + ") " + problem();
    }

    /**
     * What is wrong and what is enforced instead, without the resourceVersion: the status condition's message, which
     * must not change when only the object's resourceVersion does (writing the status changes it; the condition's
     * observedGeneration says which version was judged).
     */
    public String problem() {
        String what = switch (handling) {
            case LAST_GOOD_KEPT -> "the last usable version stays enforced";
            case FAIL_CLOSED -> "enforced fail-closed: its unreadable Deny and Pass rules match every connection, its unreadable Accept rules none";
            case NOT_ENFORCED -> "nothing can be enforced for it (its subject or spec cannot be read)";
        };
        return "cannot be used: " + reason + "; " + what;
    }
}
