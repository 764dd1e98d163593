package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Policy;

import java.util.EnumSet;
import java.util.Set;

import java.util.List;
import java.util.Optional;

/**
 * Decides what to enforce for a stored NetworkPolicy object: its conversion when it can be used; otherwise the last
 * usable version of it (an update the engine cannot use never opens pods), or, without one, the policy failed
 * closed: its pod selector and policy types with no allow rule.
 */
public final class PolicyIntake {

    /**
     * @param enforce what to enforce for the object; empty only when nothing can be (see {@link UnusablePolicy.Handling#NOT_ENFORCED})
     * @param problem present when the object as stored cannot be used
     */
    public record Result(Optional<Policy> enforce, Optional<UnusablePolicy> problem) {
    }

    private PolicyIntake() {
    }

    /** Its policy types, or both directions when even they cannot be read (the closed choice). */
    private static Set<Direction> closedTypes(NetworkPolicySpec spec) {
        try {
            return PolicyConverter.policyTypes(spec);
        } catch (RuntimeException e) {
            return EnumSet.allOf(Direction.class);
        }
    }

    /**
     * @param lastGood the last version converted from a usable object (null when none was seen since start)
     */
    public static Result take(NetworkPolicy np, Policy lastGood) {
        String ns = np.getMetadata().getNamespace();
        String name = np.getMetadata().getName();
        String rv = np.getMetadata().getResourceVersion();
        try {
            return new Result(Optional.of(PolicyConverter.convert(np)), Optional.empty());
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (lastGood != null) {
                return new Result(Optional.of(lastGood),
                        Optional.of(new UnusablePolicy(ns, name, rv, reason, UnusablePolicy.Handling.LAST_GOOD_KEPT)));
            }
            try {
                NetworkPolicySpec spec = np.getSpec() == null ? new NetworkPolicySpec() : np.getSpec();
                Policy closed = new Policy(ns, name, PolicyConverter.selector(spec.getPodSelector()),
                        closedTypes(spec), List.of(), List.of());
                return new Result(Optional.of(closed),
                        Optional.of(new UnusablePolicy(ns, name, rv, reason, UnusablePolicy.Handling.FAIL_CLOSED)));
            } catch (RuntimeException selectorUnusable) {
                return new Result(Optional.empty(),
                        Optional.of(new UnusablePolicy(ns, name, rv, reason, UnusablePolicy.Handling.NOT_ENFORCED)));
            }
        }
    }
}
