package io.netfence.admin.clusterpolicies;

import io.netfence.engine.status.ClusterNetworkPolicyConditions.Condition;

/**
 * One line of the ClusterNetworkPolicy list, in evaluation order.
 *
 * @param tier        {@code Admin} or {@code Baseline}; for an object nothing is enforced for, as stored (may be null)
 * @param priority    null when nothing is enforced for the object and its priority cannot be read
 * @param subject     what the subject selects, e.g. {@code all pods in namespaces tenant=a}
 * @param accepted    the {@code Accepted} condition netfence computes for the object (the engine's content)
 * @param unusable    why the stored object cannot be used as it is and what is enforced instead, or null
 * @param domainNames whether some rule has a {@code domainNames} peer, which netfence does not enforce
 * @param enforced    whether the engine holds a version of it (false: nothing is enforced for it)
 */
public record ClusterPolicySummary(String name, String tier, Integer priority, String subject, int ingressRules,
                                   int egressRules, int selectedPods, Condition accepted, String unusable,
                                   boolean domainNames, boolean enforced) {
}
