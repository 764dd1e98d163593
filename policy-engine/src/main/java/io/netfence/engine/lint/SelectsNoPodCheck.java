package io.netfence.engine.lint;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.List;
import java.util.TreeSet;

/** The podSelector matches no pod the policy could apply to. */
final class SelectsNoPodCheck implements LintCheck {

    @Override
    public List<LintWarning> check(Policy policy, ClusterSnapshot cluster) {
        List<PodInfo> inNamespace = cluster.pods().stream().filter(p -> p.namespace().equals(policy.namespace())).toList();
        if (inNamespace.stream().anyMatch(policy::selects)) {
            return List.of();
        }
        String selector = policy.podSelector().describe();
        List<PodInfo> labelMatches = inNamespace.stream().filter(p -> policy.podSelector().matches(p.labels())).toList();
        String message;
        String hint;
        if (inNamespace.isEmpty()) {
            message = "selects no pod: namespace " + policy.namespace() + " has no pods";
            hint = "check metadata.namespace";
        } else if (!labelMatches.isEmpty()) {
            message = "selects no pod: the " + labelMatches.size() + " pod(s) matching " + selector
                    + " are hostNetwork, finished or have no IP yet, and NetworkPolicy never applies to those";
            hint = "nothing to enforce until such a pod runs with its own IP";
        } else {
            message = "selects no pod: no pod in namespace " + policy.namespace() + " matches " + selector;
            hint = "labels in use there: " + labelsInUse(inNamespace, policy);
        }
        return List.of(new LintWarning(LintCodes.SELECTS_NO_POD, "spec.podSelector", message, hint));
    }

    /** The values the namespace's pods carry for the selector's keys (or all their labels), a few at most. */
    private static String labelsInUse(List<PodInfo> pods, Policy policy) {
        var keys = new TreeSet<String>(policy.podSelector().matchLabels().keySet());
        policy.podSelector().matchExpressions().forEach(r -> keys.add(r.key()));
        TreeSet<String> pairs = new TreeSet<>();
        for (PodInfo p : pods) {
            p.labels().forEach((k, v) -> {
                if (keys.isEmpty() || keys.contains(k)) {
                    pairs.add(k + "=" + v);
                }
            });
        }
        if (pairs.isEmpty()) {
            return "none of the selector's keys (" + String.join(", ", keys) + ")";
        }
        List<String> shown = pairs.stream().limit(8).toList();
        return String.join(", ", shown) + (pairs.size() > shown.size() ? ", ..." : "");
    }
}
