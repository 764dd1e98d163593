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
 * @param clusterRules      the ClusterNetworkPolicy rules that matched, in evaluation order: an Admin rule (Accept,
 *                          Deny or Pass) and, when the Baseline tier was consulted, a Baseline rule
 * @param notes             what the evaluation could not enforce on the way (domainNames rules), one line each
 */
public record SideExplanation(Direction direction, Endpoint subject, Outcome outcome, List<String> isolatingPolicies,
                              List<RuleMatch> allowedBy, List<RuleMiss> misses, String note,
                              List<ClusterRuleMatch> clusterRules, List<String> notes) {

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
        LOOPBACK,
        /** An Admin tier ClusterNetworkPolicy rule accepted it; NetworkPolicies were not consulted. */
        ADMIN_ACCEPTED,
        /** An Admin tier ClusterNetworkPolicy rule denied (drops) it; NetworkPolicies were not consulted. */
        ADMIN_DENIED,
        /** No NetworkPolicy isolates this side and a Baseline tier rule accepted it. */
        BASELINE_ACCEPTED,
        /** No NetworkPolicy isolates this side and a Baseline tier rule denied (drops) it. */
        BASELINE_DENIED
    }

    public SideExplanation {
        isolatingPolicies = List.copyOf(isolatingPolicies);
        allowedBy = List.copyOf(allowedBy);
        misses = List.copyOf(misses);
        clusterRules = clusterRules == null ? List.of() : List.copyOf(clusterRules);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A side no ClusterNetworkPolicy took part in. */
    public SideExplanation(Direction direction, Endpoint subject, Outcome outcome, List<String> isolatingPolicies,
                           List<RuleMatch> allowedBy, List<RuleMiss> misses, String note) {
        this(direction, subject, outcome, isolatingPolicies, allowedBy, misses, note, List.of(), List.of());
    }

    public boolean allows() {
        return outcome != Outcome.DENIED && outcome != Outcome.ADMIN_DENIED && outcome != Outcome.BASELINE_DENIED;
    }

    /** The ClusterNetworkPolicy rule that decided this side (Accept or Deny), if one did. */
    public java.util.Optional<ClusterRuleMatch> decidingClusterRule() {
        return clusterRules.stream().filter(m -> m.action() != io.netfence.engine.model.ClusterPolicyAction.PASS).findFirst();
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
        notes.forEach(n -> out.add("  - note: " + n));
        return out;
    }

    /** One line, e.g. {@code ingress of y/b: DENIED — isolated by y/deny-all; no ingress rule allows it}. */
    public String describe() {
        String side = (direction == Direction.INGRESS ? "ingress of " : "egress of ") + subject.label() + ": ";
        String isolation = isolatingPolicies.isEmpty() ? "" : "isolated by " + String.join(", ", isolatingPolicies);
        String rules = allowedBy.isEmpty() ? "" : "allowed by " + String.join("; ", allowedBy.stream().map(RuleMatch::describe).toList());
        String dir = direction == Direction.INGRESS ? "ingress" : "egress";
        String passed = clusterRules.stream().filter(m -> m.action() == io.netfence.engine.model.ClusterPolicyAction.PASS
                && m.tier() == io.netfence.engine.model.ClusterPolicyTier.ADMIN)
                .map(m -> m.describe() + " passed " + m.detail() + " to the NetworkPolicy tier; ").findFirst().orElse("");
        ClusterRuleMatch baseline = clusterRules.stream()
                .filter(m -> m.tier() == io.netfence.engine.model.ClusterPolicyTier.BASELINE).findFirst().orElse(null);
        String notConsulted = isolation.isEmpty() ? "" : " (" + isolation + " not consulted)";
        return side + passed + switch (outcome) {
            case ADMIN_ACCEPTED -> "allowed: " + clusterRules.get(0).describe() + " accepted before any NetworkPolicy was consulted "
                    + clusterRules.get(0).detail() + notConsulted;
            case ADMIN_DENIED -> "DENIED: " + clusterRules.get(0).describe() + " denied before any NetworkPolicy was consulted "
                    + clusterRules.get(0).detail() + notConsulted;
            case BASELINE_ACCEPTED -> "allowed: not isolated by any NetworkPolicy (" + note + "), then " + baseline.describe()
                    + " accepted " + baseline.detail();
            case BASELINE_DENIED -> "DENIED: not isolated by any NetworkPolicy (" + note + "), then " + baseline.describe()
                    + " denied " + baseline.detail();
            case NOT_ISOLATED -> "allowed, not isolated (" + note + ")" + (baseline == null ? ""
                    : "; " + baseline.describe() + " passed " + baseline.detail() + ": no later Baseline rule applies, the default allows");
            case ALLOWED -> "allowed, " + isolation + "; " + rules;
            case DENIED -> "DENIED, " + isolation + (misses.isEmpty()
                    ? "; " + (isolatingPolicies.size() == 1 ? "it has" : "they have") + " no " + dir + " rules: all " + dir + " is denied"
                    : "; no " + dir + " rule of these policies allows it");
            case FROM_OWN_NODE, LOOPBACK -> "allowed, " + note + (isolation.isEmpty() ? "" : " (" + isolation + ")");
        };
    }
}
