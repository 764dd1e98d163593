package io.netfence.engine.status;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.Direction;
import io.netfence.engine.snapshot.UnusableClusterNetworkPolicy;
import io.netfence.engine.snapshot.UnusablePolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code status.conditions} of a ClusterNetworkPolicy say about netfence's handling of it, computed in one
 * place so the writer (agent or console, issue 13) and the console's pages use the same words. The API leaves the
 * conditions to the implementation; netfence sets one, {@code Accepted}:
 * <ul>
 *   <li>{@code True / Enforced}: everything in it is enforced;</li>
 *   <li>{@code True / DomainNamesNotEnforced}: enforced except its domainNames peers, which match nothing (no DNS
 *       interception); the message names each field;</li>
 *   <li>{@code False / Unusable}: the stored object cannot be used; the message says what is enforced instead (last
 *       usable version, fail-closed, or nothing).</li>
 * </ul>
 */
public final class ClusterNetworkPolicyConditions {

    public static final String ACCEPTED = "Accepted";

    /** One {@code metav1.Condition}'s content (the writer adds observedGeneration and lastTransitionTime). */
    public record Condition(String type, String status, String reason, String message) {
    }

    private ClusterNetworkPolicyConditions() {
    }

    /**
     * @param enforced the converted policy (null when the object was unusable)
     * @param problem  why the stored object cannot be used, if it cannot
     */
    public static Condition accepted(ClusterNetworkPolicy enforced, UnusableClusterNetworkPolicy problem) {
        if (problem != null) {
            String reason = problem.handling() == UnusablePolicy.Handling.NOT_ENFORCED ? "NotEnforced" : "Unusable";
            return new Condition(ACCEPTED, "False", reason, "ClusterNetworkPolicy " + problem.name() + " " + problem.problem());
        }
        List<String> domains = new ArrayList<>();
        for (Direction dir : Direction.values()) {
            List<ClusterPolicyRule> rules = enforced.rules(dir);
            for (int r = 0; r < rules.size(); r++) {
                List<ClusterPolicyPeer> peers = rules.get(r).peers();
                for (int p = 0; p < peers.size(); p++) {
                    if (peers.get(p) instanceof ClusterPolicyPeer.DomainNames d) {
                        domains.add(ClusterNetworkPolicy.rulePath(dir, r) + ".to[" + p + "].domainNames (" + String.join(", ", d.names()) + ")");
                    }
                }
            }
        }
        if (!domains.isEmpty()) {
            return new Condition(ACCEPTED, "True", "DomainNamesNotEnforced", "enforced except " + String.join("; ", domains)
                    + ": netfence has no DNS interception, so domainNames peers match no traffic");
        }
        return new Condition(ACCEPTED, "True", "Enforced", "enforced by netfence as " + enforced.describe());
    }
}
