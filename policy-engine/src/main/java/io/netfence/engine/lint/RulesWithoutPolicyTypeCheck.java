package io.netfence.engine.lint;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;

/** Rules for a direction that policyTypes does not list: the API server keeps them, enforcement ignores them. */
final class RulesWithoutPolicyTypeCheck implements LintCheck {

    @Override
    public List<LintWarning> check(Policy policy, ClusterSnapshot cluster) {
        List<LintWarning> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            if (!policy.isolates(d) && !policy.rules(d).isEmpty()) {
                out.add(new LintWarning(LintCodes.RULES_WITHOUT_POLICY_TYPE, Paths.rules(d),
                        policy.rules(d).size() + " " + d.apiName().toLowerCase() + " rule(s) have no effect: policyTypes "
                                + typesText(policy) + " does not include " + d.apiName(),
                        "add " + d.apiName() + " to policyTypes, or remove the " + d.apiName().toLowerCase() + " rules"));
            }
        }
        return out;
    }

    static String typesText(Policy policy) {
        return "[" + String.join(", ", policy.policyTypes().stream().sorted().map(Direction::apiName).toList()) + "]";
    }
}
