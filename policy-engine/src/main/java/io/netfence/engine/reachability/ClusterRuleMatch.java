package io.netfence.engine.reachability;

import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Direction;

/**
 * The ClusterNetworkPolicy rule that matched one side of a connection and what it did: the first matching rule of
 * a tier decides (Accept, Deny) or hands over to the next tier (Pass).
 *
 * @param ruleIndex index in {@code spec.ingress} / {@code spec.egress}
 * @param ruleName  the rule's {@code name}, empty when unnamed
 * @param peer      the matching peer as text ({@code fail closed} for a rule netfence cannot read)
 * @param port      the matching port as text, or {@code all ports}
 */
public record ClusterRuleMatch(ClusterPolicyTier tier, String policy, int priority, Direction direction, int ruleIndex,
                               String ruleName, ClusterPolicyAction action, String peer, String port) {

    /** {@code spec.egress[0]}. */
    public String rulePath() {
        return "spec." + (direction == Direction.INGRESS ? "ingress" : "egress") + "[" + ruleIndex + "]";
    }

    /** {@code Admin `tenant-isolation` (priority 10) rule `deny-cross-tenant`}; an unnamed rule by its path. */
    public String describe() {
        return tier.apiName() + " `" + policy + "` (priority " + priority + ") rule "
                + (ruleName.isEmpty() ? rulePath() : "`" + ruleName + "`");
    }

    /** What matched: {@code (spec.egress[0]: pods app=db in namespaces <all>, TCP/5432)}. */
    public String detail() {
        return "(" + rulePath() + ": " + peer + ", " + port + ")";
    }

    /** {@code accepted}, {@code denied}, {@code passed}. */
    public String verb() {
        return switch (action) {
            case ACCEPT -> "accepted";
            case DENY -> "denied";
            case PASS -> "passed";
        };
    }
}
