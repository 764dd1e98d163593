package io.netfence.admin.policies;

import java.util.List;

/**
 * A policy with its selectors evaluated against the live cluster: the pods it selects (and their workloads) and, per
 * rule, what each peer matches.
 */
public record ResolvedPolicy(String namespace, String name, String podSelector, List<String> policyTypes,
                             List<String> selectedPods, List<Rule> ingress, List<Rule> egress,
                             List<WorkloadCount> selectedWorkloads) {

    /** One rule; {@code peers} empty in the API means "all peers", shown as one peer saying so. */
    public record Rule(String path, List<Peer> peers, List<String> ports) {
    }

    /**
     * One entry of {@code from}/{@code to}: its description and what it matches now.
     *
     * @param pods       live pods it matches ({@code namespace/name})
     * @param namespaces namespaces its namespaceSelector matches (empty when it has none)
     * @param cidrs      for an ipBlock: the block and its exceptions
     * @param workloads  the workloads of those pods, with how many pods of each match
     */
    public record Peer(String path, String description, List<String> pods, List<String> namespaces, List<String> cidrs,
                       boolean everything, List<WorkloadCount> workloads) {
    }
}
