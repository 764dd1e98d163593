package io.netfence.engine.model;

/**
 * One entry of a ClusterNetworkPolicy rule's {@code protocols}: {@code tcp|udp|sctp} with a destination port number
 * ({@code start == end}) or range, or a {@code destinationNamedPort} ({@code protocol} null), resolved per
 * destination pod among its container ports of the connection's protocol, never matching a non-pod destination.
 */
public record ClusterPolicyPort(Protocol protocol, int start, int end, String namedPort) {

    public ClusterPolicyPort {
        if ((namedPort == null) == (protocol == null)) {
            throw new IllegalArgumentException("a protocol entry is either a protocol with a port or a named port");
        }
    }

    public static ClusterPolicyPort number(Protocol protocol, int port) {
        return new ClusterPolicyPort(protocol, port, port, null);
    }

    public static ClusterPolicyPort range(Protocol protocol, int start, int end) {
        return new ClusterPolicyPort(protocol, start, end, null);
    }

    public static ClusterPolicyPort named(String name) {
        return new ClusterPolicyPort(null, 0, 0, name);
    }

    public boolean isNamed() {
        return namedPort != null;
    }

    public boolean matches(int destPort, Protocol proto, PodInfo destination) {
        if (namedPort != null) {
            if (destination == null) {
                return false;
            }
            var resolved = destination.resolveNamedPort(namedPort, proto);
            return resolved.isPresent() && resolved.getAsInt() == destPort;
        }
        return proto == protocol && destPort >= start && destPort <= end;
    }

    public String describe() {
        if (namedPort != null) {
            return "named port " + namedPort;
        }
        return protocol.name() + "/" + (start == end ? String.valueOf(start) : start + "-" + end);
    }
}
