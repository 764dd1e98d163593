package io.netfence.engine.model;

import java.util.Optional;

/**
 * The tier of a ClusterNetworkPolicy. Evaluation per direction: Admin, then NetworkPolicy v1, then Baseline, then
 * the default (allow).
 */
public enum ClusterPolicyTier {
    ADMIN("Admin"), BASELINE("Baseline");

    private final String apiName;

    ClusterPolicyTier(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<ClusterPolicyTier> parse(String value) {
        for (ClusterPolicyTier t : values()) {
            if (t.apiName.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
