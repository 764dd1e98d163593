package io.netfence.engine.lint;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Mistakes visible only in the written object, not in the converted {@link Policy}: an empty {@code ingress: []}
 * / {@code egress: []} for a direction the policy does not isolate (it reads as "deny all" but does nothing;
 * in particular {@code egress: []} alone does not add Egress to the defaulted policyTypes), and a policyType
 * listed twice. fabric8 reads an absent list as an empty one, so the first needs to know what the source text
 * wrote.
 */
final class ManifestShapeCheck {

    private ManifestShapeCheck() {
    }

    /** {@code written} tells whether a field path was present in the source text. */
    static List<LintWarning> check(NetworkPolicy np, Policy policy, Predicate<String> written) {
        List<LintWarning> out = new ArrayList<>();
        NetworkPolicySpec spec = np.getSpec();
        if (spec == null) {
            return out;
        }
        emptyList(spec.getIngress(), Direction.INGRESS, spec, policy, written, out);
        emptyList(spec.getEgress(), Direction.EGRESS, spec, policy, written, out);
        if (spec.getPolicyTypes() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < spec.getPolicyTypes().size(); i++) {
                String t = spec.getPolicyTypes().get(i);
                if (!seen.add(t)) {
                    out.add(new LintWarning(LintCodes.DUPLICATE_POLICY_TYPE, "spec.policyTypes[" + i + "]",
                            "policyType \"" + t + "\" is listed twice", "list each of Ingress and Egress at most once"));
                }
            }
        }
        return out;
    }

    private static void emptyList(List<?> rules, Direction d, NetworkPolicySpec spec, Policy policy, Predicate<String> written,
                                  List<LintWarning> out) {
        String field = d.apiName().toLowerCase();
        if (rules == null || !rules.isEmpty() || policy.isolates(d) || !written.test("spec." + field)) {
            return;
        }
        String why = spec.getPolicyTypes() == null || spec.getPolicyTypes().isEmpty()
                ? "without policyTypes only Ingress (and Egress when there are egress rules) is isolated"
                : "policyTypes " + RulesWithoutPolicyTypeCheck.typesText(policy) + " does not include " + d.apiName();
        out.add(new LintWarning(LintCodes.RULES_WITHOUT_POLICY_TYPE, "spec." + field,
                field + ": [] has no effect: " + why,
                "to deny all " + field + ", add " + d.apiName() + " to policyTypes; otherwise remove " + field + ": []"));
    }
}
