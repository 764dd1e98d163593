package io.netfence.engine.reachability;

import io.netfence.engine.model.Direction;

import java.util.List;

/**
 * How one side of a connection judged it: the egress side of the source or the ingress side of the destination.
 *
 * @param direction         EGRESS for the source's side, INGRESS for the destination's side
 * @param subject           the endpoint whose policies are consulted
 * @param outcome           the side's result
 * @param isolatingPolicies {@code namespace/name} of every policy that selects the subject with this policy type
 * @param allowedBy         every rule that allows the connection (empty when none does or the side is not isolated)
 * @param misses            the isolating policies' rules that did not allow it, with what each lacked
 * @param note              why the side is not isolated or why an exception applied; {@code null} otherwise
 */
public record SideExplanation(Direction direction, Endpoint subject, Outcome outcome, List<String> isolatingPolicies,
                              List<RuleMatch> allowedBy, List<RuleMiss> misses, String note) {

    public enum Outcome {
        /** No policy isolates this side: everything is allowed. */
        NOT_ISOLATED,
        /** Isolated, and at least one rule allows the connection. */
        ALLOWED,
        /** Isolated, and no rule allows the connection. */
        DENIED,
        /** Isolated, but the connection comes from the destination pod's own node (kubelet probes): always allowed. */
        FROM_OWN_NODE,
        /** Source and destination are the same address: the packet never leaves the network namespace. */
        LOOPBACK
    }

    public SideExplanation {
        isolatingPolicies = List.copyOf(isolatingPolicies);
        allowedBy = List.copyOf(allowedBy);
        misses = List.copyOf(misses);
    }

    public boolean allows() {
        return outcome != Outcome.DENIED;
    }

    public boolean isolated() {
        return !isolatingPolicies.isEmpty();
    }

    /** {@link #describe()}, then for a denied side one indented line per rule that came close. */
    public List<String> lines() {
        List<String> out = new java.util.ArrayList<>();
        out.add(describe());
        if (outcome == Outcome.DENIED) {
            misses.forEach(m -> out.add("  - " + m.describe()));
        }
        return out;
    }

    /** One line, e.g. {@code ingress of y/b: DENIED — isolated by y/deny-all; no ingress rule allows it}. */
    public String describe() {
        String side = (direction == Direction.INGRESS ? "ingress of " : "egress of ") + subject.label() + ": ";
        String isolation = isolatingPolicies.isEmpty() ? "" : "isolated by " + String.join(", ", isolatingPolicies);
        String rules = allowedBy.isEmpty() ? "" : "allowed by " + String.join("; ", allowedBy.stream().map(RuleMatch::describe).toList());
        String dir = direction == Direction.INGRESS ? "ingress" : "egress";
        return side + switch (outcome) {
            case NOT_ISOLATED -> "allowed, not isolated (" + note + ")";
            case ALLOWED -> "allowed, " + isolation + "; " + rules;
            case DENIED -> "DENIED, " + isolation + (misses.isEmpty()
                    ? "; " + (isolatingPolicies.size() == 1 ? "it has" : "they have") + " no " + dir + " rules: all " + dir + " is denied"
                    : "; no " + dir + " rule of these policies allows it");
            case FROM_OWN_NODE, LOOPBACK -> "allowed, " + note + (isolation.isEmpty() ? "" : " (" + isolation + ")");
        };
    }
}
