package io.netfence.engine.lint;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.manifest.ManifestObject;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.Policies;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Warnings about valid but probably wrong NetworkPolicies, judged against a cluster snapshot: the candidate
 * replaces any policy of the same namespace/name in the snapshot, so the DNS check sees the union the pods
 * would really get.
 */
public final class PolicyLinter {

    private static final List<LintCheck> CHECKS = List.of(
            new SelectsNoPodCheck(),
            new RulesWithoutPolicyTypeCheck(),
            new OrInsteadOfAndCheck(),
            new NamedPortCheck(),
            new IpBlockCoversPodsCheck(),
            new DnsEgressCheck());

    private PolicyLinter() {
    }

    public static List<LintWarning> lint(Policy candidate, ClusterSnapshot snapshot) {
        // a stored policy linted against the snapshot it is in: no copy (a copy re-sorts every pod and loses the indexes)
        ClusterSnapshot cluster = snapshot.policy(candidate.namespace(), candidate.name()).filter(candidate::equals).isPresent()
                ? snapshot : snapshot.withPolicy(candidate);
        List<LintWarning> out = new ArrayList<>();
        for (LintCheck check : CHECKS) {
            out.addAll(check.check(candidate, cluster));
        }
        return out;
    }

    /**
     * Lints a NetworkPolicy read from text, which also shows mistakes the converted policy hides
     * ({@code egress: []} without Egress, a repeated policyType).
     *
     * @throws io.netfence.engine.validation.InvalidPolicyException when the policy is not valid: validate first
     * @throws IllegalArgumentException when the object is not a NetworkPolicy
     */
    public static List<LintWarning> lint(ManifestObject candidate, ClusterSnapshot snapshot) {
        if (!(candidate.resource() instanceof NetworkPolicy np)) {
            throw new IllegalArgumentException(candidate.reference() + " is not a NetworkPolicy");
        }
        return lint(np, candidate::hasField, snapshot);
    }

    /**
     * Lints a fabric8 NetworkPolicy. fabric8 cannot tell {@code egress: []} from an absent egress, so that
     * check needs {@link #lint(ManifestObject, ClusterSnapshot)}; every other check runs.
     *
     * @throws io.netfence.engine.validation.InvalidPolicyException when the policy is not valid: validate first
     */
    public static List<LintWarning> lint(NetworkPolicy candidate, ClusterSnapshot snapshot) {
        return lint(candidate, path -> false, snapshot);
    }

    private static List<LintWarning> lint(NetworkPolicy candidate, Predicate<String> written, ClusterSnapshot snapshot) {
        Policy policy = Policies.fromNetworkPolicy(candidate).orElseThrow();
        List<LintWarning> out = new ArrayList<>(ManifestShapeCheck.check(candidate, policy, written));
        out.addAll(lint(policy, snapshot));
        return out;
    }
}
