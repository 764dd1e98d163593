package io.netfence.engine.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of a rule's {@code ports}: a protocol plus either nothing (all ports of that protocol), a number
 * (optionally up to {@code endPort}) or a named container port, resolved against the destination pod.
 */
public record PortSpec(Protocol protocol, Integer port, String portName, Integer endPort) {

    public PortSpec {
        Objects.requireNonNull(protocol, "protocol");
        if (port != null && portName != null) {
            throw new IllegalArgumentException("a port is either a number or a name");
        }
        if (endPort != null && port == null) {
            throw new IllegalArgumentException("endPort needs a numeric port");
        }
    }

    public static PortSpec number(Protocol protocol, int port) {
        return new PortSpec(protocol, port, null, null);
    }

    public static PortSpec range(Protocol protocol, int port, int endPort) {
        return new PortSpec(protocol, port, null, endPort);
    }

    public static PortSpec named(Protocol protocol, String name) {
        return new PortSpec(protocol, null, name, null);
    }

    public static PortSpec allPorts(Protocol protocol) {
        return new PortSpec(protocol, null, null, null);
    }

    public boolean isNamed() {
        return portName != null;
    }

    public boolean isAllPorts() {
        return port == null && portName == null;
    }

    /**
     * Whether a connection to {@code destPort}/{@code proto} on {@code destination} is covered. A named port
     * is looked up among the destination pod's container ports with the same protocol; against a bare IP
     * (no pod) a named port never matches.
     */
    public boolean matches(int destPort, Protocol proto, PodInfo destination) {
        if (proto != protocol) {
            return false;
        }
        if (isAllPorts()) {
            return true;
        }
        if (portName != null) {
            if (destination == null) {
                return false;
            }
            OptionalInt resolved = destination.resolveNamedPort(portName, protocol);
            return resolved.isPresent() && resolved.getAsInt() == destPort;
        }
        int last = endPort == null ? port : endPort;
        return destPort >= port && destPort <= last;
    }

    public String describe() {
        String p = isAllPorts() ? "*" : portName != null ? portName : endPort != null ? port + "-" + endPort : String.valueOf(port);
        return protocol.name() + "/" + p;
    }
}
