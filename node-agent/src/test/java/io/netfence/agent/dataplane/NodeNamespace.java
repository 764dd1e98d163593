package io.netfence.agent.dataplane;

import io.netfence.engine.model.NodeInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A "node": a network namespace with a Linux bridge {@code br0} (gateway of its pod CIDR, br_netfilter on), an
 * underlay interface {@code ul0} and routes to the other nodes' pod CIDRs. netfence's scripts are applied here.
 */
public final class NodeNamespace {

    private final int index;
    private final String netns;
    private final String nodeName;
    private final boolean dualStack;
    private NamespaceThread thread;

    NodeNamespace(String prefix, int index, boolean dualStack) {
        this.index = index;
        this.netns = prefix + "-n" + index;
        this.nodeName = "node-" + index;
        this.dualStack = dualStack;
    }

    public int index() {
        return index;
    }

    /** The network namespace name ({@code nfXXXX-nN}). */
    public String netns() {
        return netns;
    }

    /** The Kubernetes node name used in the snapshot ({@code node-N}). */
    public String nodeName() {
        return nodeName;
    }

    public String podCidrV4() {
        return "10.244." + (index + 1) + ".0/24";
    }

    public String podCidrV6() {
        return "fd00:10:244:" + (index + 1) + "::/64";
    }

    /** The bridge address, first host of the pod CIDR (pods' default gateway). */
    public String gatewayV4() {
        return "10.244." + (index + 1) + ".1";
    }

    public String gatewayV6() {
        return "fd00:10:244:" + (index + 1) + "::1";
    }

    /** The node's InternalIP on the underlay (source of node → remote pod traffic). */
    public String underlayV4() {
        return "192.168.77." + (index + 11);
    }

    public String underlayV6() {
        return "fd00:77::" + (index + 11);
    }

    public boolean dualStack() {
        return dualStack;
    }

    /** The Node as the engine sees it: underlay addresses and pod CIDRs. */
    public NodeInfo nodeInfo() {
        List<String> addresses = new ArrayList<>(List.of(underlayV4()));
        List<String> cidrs = new ArrayList<>(List.of(podCidrV4()));
        if (dualStack) {
            addresses.add(underlayV6());
            cidrs.add(podCidrV6());
        }
        return new NodeInfo(nodeName, addresses, cidrs);
    }

    /** A thread inside this namespace, for probes from the node itself (node → pod traffic). */
    public NamespaceThread thread() {
        return thread;
    }

    void attach(NamespaceThread thread) {
        this.thread = thread;
    }

    /** The prefix binding a command to this node, e.g. for an agent's {@code commandPrefix}. */
    public List<String> commandPrefix() {
        return List.of("ip", "netns", "exec", netns);
    }

    /** Runs a shell script inside the node namespace; throws with stderr when it fails. */
    public String sh(String script) {
        return Shell.check(List.of("ip", "netns", "exec", netns, "sh", "-ec", script), null);
    }

    /** Runs one command inside the node namespace with {@code stdin}; throws with stderr when it fails. */
    public String exec(String stdin, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of(argv));
        return Shell.check(cmd, stdin);
    }

    /**
     * Applies rendered scripts as on a clean node: {@code ipset restore}, then {@code iptables-restore --noflush}
     * (and {@code ip6tables-restore} when the IPv6 script is not empty).
     */
    public void apply(String ipsetRestore, String iptablesRestore, String ip6tablesRestore) {
        if (!ipsetRestore.isEmpty()) {
            exec(ipsetRestore, "ipset", "restore");
        }
        if (!iptablesRestore.isEmpty()) {
            exec(iptablesRestore, "iptables-restore", "-w", "--noflush");
        }
        if (ip6tablesRestore != null && !ip6tablesRestore.isEmpty()) {
            exec(ip6tablesRestore, "ip6tables-restore", "-w", "--noflush");
        }
    }

    /** Forgets every tracked flow of the node (IPv4 and IPv6), so old flows don't decide new probes. */
    public void flushConntrack() {
        sh("conntrack -F >/dev/null 2>&1 || true; conntrack -f ipv6 -F >/dev/null 2>&1 || true");
    }

    /**
     * Back to a clean node between cases: the namespace is ours alone, so the whole filter table, every set and
     * every conntrack entry go (old flows must not leak into the next case).
     */
    public void reset() {
        sh("iptables -w -F; iptables -w -X; ip6tables -w -F; ip6tables -w -X; ipset destroy;"
                + " conntrack -F >/dev/null 2>&1 || true; conntrack -f ipv6 -F >/dev/null 2>&1 || true");
    }

    @Override
    public String toString() {
        return nodeName + "(" + netns + ")";
    }
}
