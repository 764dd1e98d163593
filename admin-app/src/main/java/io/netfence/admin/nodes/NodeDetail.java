package io.netfence.admin.nodes;

import java.util.List;

/**
 * The node page and {@code GET /api/v1/nodes/{name}}: the node's status, its ruleset as {@code node-agent render}
 * writes it, and its local pods.
 *
 * @param ipsetRestore     the node's {@code ipset.restore} (byte-identical to {@code node-agent render})
 * @param iptablesRestore  the node's {@code iptables.restore}
 * @param ip6tablesRestore the node's {@code ip6tables.restore}; null when the node has no IPv6 rules
 */
public record NodeDetail(NodeStatus node, String ipsetRestore, String iptablesRestore, String ip6tablesRestore,
                         List<LocalPod> pods) {

    /** The whole ruleset as one text (ipset first: the chains reference its sets). */
    public String ruleset() {
        return ipsetRestore + iptablesRestore + (ip6tablesRestore == null ? "" : ip6tablesRestore);
    }

    /**
     * @param isolatedBy names of the policies (of the pod's namespace) that select the pod, ingress and egress
     * @param drops      packets the node's agent counted as rejected for this pod
     */
    public record LocalPod(String namespace, String name, boolean selectable, boolean isolated, List<String> isolatedBy, long drops) {
    }
}
