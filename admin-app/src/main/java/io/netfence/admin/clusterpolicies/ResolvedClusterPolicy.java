package io.netfence.admin.clusterpolicies;

import java.util.List;

/**
 * A ClusterNetworkPolicy with its selectors evaluated against the live cluster: the subject's pods and, per rule,
 * what each peer matches now.
 */
public record ResolvedClusterPolicy(String subject, List<String> subjectNamespaces, List<String> subjectPods,
                                    List<Rule> ingress, List<Rule> egress) {

    /**
     * One rule in evaluation order.
     *
     * @param label {@code `name`} or {@code #index} for an unnamed rule
     */
    public record Rule(String path, String label, String action, List<Peer> peers, List<String> ports) {
    }

    /**
     * One peer of {@code from}/{@code to} and what it matches now.
     *
     * @param kind        {@code namespaces}, {@code pods}, {@code networks}, {@code nodes}, {@code domainNames}, {@code unknown}
     * @param nodes       for {@code nodes}: {@code name (addresses)} of the matching nodes
     * @param addresses   CIDRs ({@code networks}) or domain names
     * @param everything  a fail-closed peer of a Deny/Pass rule: it matches every connection
     * @param notEnforced netfence enforces nothing for it ({@code domainNames}, or an unknown peer of an Accept rule)
     */
    public record Peer(String path, String kind, String description, List<String> namespaces, List<String> pods,
                       List<String> nodes, List<String> addresses, boolean everything, boolean notEnforced) {
    }
}
