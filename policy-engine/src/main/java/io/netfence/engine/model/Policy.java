package io.netfence.engine.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code networking.k8s.io/v1} NetworkPolicy with {@code policyTypes} already defaulted.
 * {@code ingress}/{@code egress} hold the rules of each direction (empty with the type present = deny all).
 */
public record Policy(String namespace, String name, LabelSelector podSelector, Set<Direction> policyTypes,
                     List<PolicyRule> ingress, List<PolicyRule> egress) {

    public Policy {
        policyTypes = policyTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(policyTypes));
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
        egress = egress == null ? List.of() : List.copyOf(egress);
    }

    public String key() {
        return namespace + "/" + name;
    }

    public boolean isolates(Direction direction) {
        return policyTypes.contains(direction);
    }

    public List<PolicyRule> rules(Direction direction) {
        return direction == Direction.INGRESS ? ingress : egress;
    }

    /** Whether this policy applies to {@code pod} (same namespace, podSelector matches, pod selectable). */
    public boolean selects(PodInfo pod) {
        return pod.selectable() && pod.namespace().equals(namespace) && podSelector.matches(pod.labels());
    }
}
