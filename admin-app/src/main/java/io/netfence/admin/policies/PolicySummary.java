package io.netfence.admin.policies;

import java.util.List;

/**
 * One line of the policy list. {@code unusable}: why the stored object cannot be used as it is and what is enforced
 * instead (null when it can), see {@link io.netfence.engine.snapshot.UnusablePolicy}. {@code enforcement}: null while the
 * console is still working out which nodes the policy changes (see PolicyEnforcement#ofIfKnown).
 */
public record PolicySummary(String namespace, String name, String podSelector, List<String> policyTypes,
                            int ingressRules, int egressRules, int selectedPods, int selectedWorkloads, String unusable,
                            io.netfence.admin.nodes.Enforcement enforcement) {
}
