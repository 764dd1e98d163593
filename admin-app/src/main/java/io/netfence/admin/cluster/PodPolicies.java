package io.netfence.admin.cluster;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which policies select each pod, per direction (only policies whose policyTypes include the direction
 * isolate it). A pod with any such policy is isolated for that direction.
 */
public final class PodPolicies {

    public record Selection(List<String> ingress, List<String> egress) {
        public boolean ingressIsolated() {
            return !ingress.isEmpty();
        }

        public boolean egressIsolated() {
            return !egress.isEmpty();
        }

        public boolean isolated() {
            return ingressIsolated() || egressIsolated();
        }
    }

    private static final Selection NONE = new Selection(List.of(), List.of());

    private final Map<String, List<Policy>> byNamespace = new HashMap<>();

    public PodPolicies(ClusterSnapshot snapshot) {
        for (Policy p : snapshot.policies()) {
            byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
        }
    }

    public Selection of(PodInfo pod) {
        List<Policy> candidates = byNamespace.get(pod.namespace());
        if (candidates == null || !pod.selectable()) {
            return NONE;
        }
        List<String> in = new ArrayList<>();
        List<String> eg = new ArrayList<>();
        for (Policy p : candidates) {
            if (p.selects(pod)) {
                if (p.isolates(Direction.INGRESS)) {
                    in.add(p.name());
                }
                if (p.isolates(Direction.EGRESS)) {
                    eg.add(p.name());
                }
            }
        }
        return in.isEmpty() && eg.isEmpty() ? NONE : new Selection(List.copyOf(in), List.copyOf(eg));
    }
}
