package io.netfence.engine.lint;

/** The codes of {@link LintWarning}s. */
public final class LintCodes {

    /** The podSelector matches no selectable pod in the snapshot. */
    public static final String SELECTS_NO_POD = "selects-no-pod";
    /** A namespaceSelector-only peer and a podSelector-only peer side by side: OR where AND was likely meant. */
    public static final String OR_INSTEAD_OF_AND = "or-instead-of-and";
    /** The policy isolates egress and, with every other policy selecting the same pods, leaves them without DNS. */
    public static final String EGRESS_BLOCKS_DNS = "egress-blocks-dns";
    /** A named port that no destination pod exposes with that protocol. */
    public static final String NAMED_PORT_NOT_EXPOSED = "named-port-not-exposed";
    /** An ipBlock that covers pod IPs or pod CIDRs: whether it matches pods is implementation-defined. */
    public static final String IPBLOCK_COVERS_PODS = "ipblock-covers-pods";
    /** Rules (or an empty rule list) for a direction the policy does not isolate: they have no effect. */
    public static final String RULES_WITHOUT_POLICY_TYPE = "rules-without-policy-type";
    /** The same policyType listed twice. */
    public static final String DUPLICATE_POLICY_TYPE = "duplicate-policy-type";

    /** ClusterNetworkPolicy: an earlier rule (same policy, or a policy before it in the tier) decides everything this rule matches. */
    public static final String SHADOWED_RULE = "shadowed-rule";
    /** ClusterNetworkPolicy: another policy of the same tier and priority has overlapping rules with another action. */
    public static final String EQUAL_PRIORITY_OVERLAP = "equal-priority-overlap";
    /** ClusterNetworkPolicy: a Pass with nothing after it but the default allow: it acts as Accept. */
    public static final String PASS_NOTHING_FOLLOWS = "pass-nothing-follows";
    /** ClusterNetworkPolicy: Baseline rules no connection reaches, because NetworkPolicies isolate every subject pod. */
    public static final String BASELINE_UNREACHABLE = "baseline-unreachable";
    /** ClusterNetworkPolicy: domainNames peers are accepted but not enforced by netfence. */
    public static final String DOMAIN_NAMES_NOT_ENFORCED = "domain-names-not-enforced";

    private LintCodes() {
    }
}
