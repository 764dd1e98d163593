package io.netfence.engine.model;

import java.util.Optional;

/**
 * What a matching ClusterNetworkPolicy rule does: {@code ACCEPT} allows (no later rule of any tier is consulted for
 * this direction), {@code DENY} drops, {@code PASS} skips the rest of the rule's tier and hands the connection to the
 * next tier (after Admin: NetworkPolicy; after Baseline: the default, allow).
 */
public enum ClusterPolicyAction {
    ACCEPT("Accept"), DENY("Deny"), PASS("Pass");

    private final String apiName;

    ClusterPolicyAction(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<ClusterPolicyAction> parse(String value) {
        for (ClusterPolicyAction a : values()) {
            if (a.apiName.equals(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
