package io.netfence.engine.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A {@code policy.networking.k8s.io/v1alpha2} ClusterNetworkPolicy: cluster-scoped, keyed by name. Within a tier,
 * policies are evaluated by ascending {@code priority}; netfence breaks ties by name ({@link #EVALUATION_ORDER}), a
 * deterministic choice where upstream leaves the order undefined. Within a policy, rules are evaluated in order and
 * the first match decides.
 */
public record ClusterNetworkPolicy(String name, ClusterPolicyTier tier, int priority, ClusterPolicySubject subject,
                                   List<ClusterPolicyRule> ingress, List<ClusterPolicyRule> egress) {

    /** Tier (Admin first), then ascending priority, then name. */
    public static final Comparator<ClusterNetworkPolicy> EVALUATION_ORDER = Comparator
            .comparing(ClusterNetworkPolicy::tier).thenComparingInt(ClusterNetworkPolicy::priority)
            .thenComparing(ClusterNetworkPolicy::name);

    public ClusterNetworkPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(subject, "subject");
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
        egress = egress == null ? List.of() : List.copyOf(egress);
    }

    public List<ClusterPolicyRule> rules(Direction direction) {
        return direction == Direction.INGRESS ? ingress : egress;
    }

    /** {@code Admin `tenant-isolation` (priority 10)}. */
    public String describe() {
        return tier.apiName() + " `" + name + "` (priority " + priority + ")";
    }

    /** The API field path of a rule, e.g. {@code spec.egress[2]}. */
    public static String rulePath(Direction direction, int index) {
        return "spec." + (direction == Direction.INGRESS ? "ingress" : "egress") + "[" + index + "]";
    }
}
