package io.netfence.agent.dataplane;

import java.util.Optional;

/** A "pod": a network namespace with {@code eth0} (a veth into its node's bridge) and a default route via the bridge. */
public final class PodNamespace {

    private final String label;
    private final String netns;
    private final NodeNamespace node;
    private final String ipv4;
    private final String ipv6;
    private NamespaceThread thread;

    PodNamespace(String label, String netns, NodeNamespace node, int hostIndex) {
        this.label = label;
        this.netns = netns;
        this.node = node;
        this.ipv4 = "10.244." + (node.index() + 1) + "." + hostIndex;
        this.ipv6 = node.dualStack() ? "fd00:10:244:" + (node.index() + 1) + "::" + Integer.toHexString(hostIndex) : null;
    }

    /** The name the test gave it, e.g. {@code x/a}. */
    public String label() {
        return label;
    }

    public String netns() {
        return netns;
    }

    public NodeNamespace node() {
        return node;
    }

    public String ipv4() {
        return ipv4;
    }

    /** The IPv6 address when the topology is dual-stack. */
    public Optional<String> ipv6() {
        return Optional.ofNullable(ipv6);
    }

    public NamespaceThread thread() {
        return thread;
    }

    void attach(NamespaceThread thread) {
        this.thread = thread;
    }

    @Override
    public String toString() {
        return label + "@" + node.nodeName() + "(" + ipv4 + ")";
    }
}
