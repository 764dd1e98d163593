package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Direction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what to enforce for a stored ClusterNetworkPolicy object, with the same fail-safe rules as
 * {@link PolicyIntake}: its conversion when usable; else the last usable version; else the policy failed closed as
 * the API defines "fail closed" for a peer it cannot understand, applied rule by rule: every readable rule is kept
 * as it is, an unreadable {@code Deny} or {@code Pass} rule matches every connection, an unreadable {@code Accept}
 * rule matches none (it is left out), and a rule whose action cannot be read is a {@code Deny} of everything. An
 * unreadable tier is taken as Admin and an unreadable priority as 0 (the closed choice: such a policy's deny rules
 * come first). An unreadable subject leaves nothing to enforce (selecting every pod with a deny-all would cut off
 * the whole cluster for one broken object): {@link UnusablePolicy.Handling#NOT_ENFORCED}.
 */
public final class ClusterNetworkPolicyIntake {

    public record Result(Optional<ClusterNetworkPolicy> enforce, Optional<UnusableClusterNetworkPolicy> problem) {
    }

    private ClusterNetworkPolicyIntake() {
    }

    /** @param lastGood the last version converted from a usable object (null when none was seen since start) */
    public static Result take(GenericKubernetesResource object, ClusterNetworkPolicy lastGood) {
        String name = object.getMetadata().getName();
        String rv = object.getMetadata().getResourceVersion();
        try {
            return new Result(Optional.of(ClusterNetworkPolicyConverter.convert(object)), Optional.empty());
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (lastGood != null) {
                return new Result(Optional.of(lastGood), Optional.of(
                        new UnusableClusterNetworkPolicy(name, rv, reason, UnusablePolicy.Handling.LAST_GOOD_KEPT)));
            }
            Optional<ClusterNetworkPolicy> closed = failClosed(name, ClusterNetworkPolicyConverter.spec(object));
            return new Result(closed, Optional.of(new UnusableClusterNetworkPolicy(name, rv, reason,
                    closed.isPresent() ? UnusablePolicy.Handling.FAIL_CLOSED : UnusablePolicy.Handling.NOT_ENFORCED)));
        }
    }

    /** The fail-closed form of an object that cannot be converted; empty when its subject cannot be read. */
    public static Optional<ClusterNetworkPolicy> failClosed(String name, Object specTree) {
        Map<String, Object> spec;
        ClusterPolicySubject subject;
        try {
            spec = ClusterNetworkPolicyConverter.map(specTree, "spec");
            subject = ClusterNetworkPolicyConverter.subject(spec.get("subject"));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        ClusterPolicyTier tier = attempt(() -> ClusterNetworkPolicyConverter.tier(spec), ClusterPolicyTier.ADMIN);
        int priority = attempt(() -> ClusterNetworkPolicyConverter.priority(spec), 0);
        return Optional.of(new ClusterNetworkPolicy(name, tier, priority, subject,
                closedRules(spec, Direction.INGRESS), closedRules(spec, Direction.EGRESS)));
    }

    private static List<ClusterPolicyRule> closedRules(Map<String, Object> spec, Direction dir) {
        String field = dir == Direction.INGRESS ? "ingress" : "egress";
        List<Object> list;
        try {
            list = ClusterNetworkPolicyConverter.list(spec.get(field), "spec." + field);
        } catch (RuntimeException unreadable) {
            return List.of(ClusterPolicyRule.failClosed("", ClusterPolicyAction.DENY, "spec." + field + " cannot be read"));
        }
        List<ClusterPolicyRule> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = ClusterNetworkPolicy.rulePath(dir, i);
            Object tree = list.get(i);
            try {
                out.add(ClusterNetworkPolicyConverter.rule(tree, dir, path));
            } catch (RuntimeException unreadable) {
                ClusterPolicyAction action = attempt(() -> ClusterNetworkPolicyConverter.action(
                        ClusterNetworkPolicyConverter.map(tree, path), path), ClusterPolicyAction.DENY);
                if (action != ClusterPolicyAction.ACCEPT) {
                    String ruleName = tree instanceof Map<?, ?> m && m.get("name") instanceof String s ? s : "";
                    out.add(ClusterPolicyRule.failClosed(ruleName, action, path + " cannot be read"));
                }
            }
        }
        return out;
    }

    private static <T> T attempt(java.util.function.Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
