package io.netfence.admin.policies;

import java.util.List;

/** One line of the policy list. */
public record PolicySummary(String namespace, String name, String podSelector, List<String> policyTypes,
                            int ingressRules, int egressRules, int selectedPods) {
}
