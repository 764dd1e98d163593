package io.netfence.engine.compile;

import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;

/**
 * The iptables match text of one policy port, in the order {@code iptables-save} prints it: the protocol
 * ({@code -p tcp}) comes first in a rule, the port match after the peer match.
 *
 * @param protocol   {@code -p ...} text
 * @param portMatch  the match after the peer (may be empty)
 */
record PortMatch(String protocol, String portMatch) {

    static final PortMatch ANY = new PortMatch("", "");

    /** A numeric, ranged or all-ports spec; named ports are built by the caller with their set. */
    static PortMatch numeric(PortSpec spec) {
        Protocol p = spec.protocol();
        String proto = "-p " + p.kernelName();
        if (spec.isAllPorts()) {
            return new PortMatch(proto, "");
        }
        String ports = spec.endPort() != null && !spec.endPort().equals(spec.port())
                ? spec.port() + ":" + spec.endPort() : String.valueOf(spec.port());
        // SCTP goes through multiport so rules load on kernels without the xt_sctp module.
        String match = p == Protocol.SCTP ? "-m multiport --dports " + ports : "-m " + p.kernelName() + " --dport " + ports;
        return new PortMatch(proto, match);
    }

    /** A ClusterNetworkPolicy port: one number ({@code start == end}) or an inclusive range. */
    static PortMatch range(Protocol p, int start, int end) {
        String ports = start == end ? String.valueOf(start) : start + ":" + end;
        String match = p == Protocol.SCTP ? "-m multiport --dports " + ports : "-m " + p.kernelName() + " --dport " + ports;
        return new PortMatch("-p " + p.kernelName(), match);
    }

    static PortMatch namedSet(Protocol protocol, String setName) {
        return new PortMatch("-p " + protocol.kernelName(), "-m set --match-set " + setName + " dst,dst");
    }

    /** {@code -p tcp -m set ... src -m tcp --dport 80 -j TARGET}, skipping empty parts. */
    String rule(String peerMatch, String target) {
        StringBuilder sb = new StringBuilder(96);
        append(sb, protocol);
        append(sb, peerMatch);
        append(sb, portMatch);
        append(sb, target);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String part) {
        if (part.isEmpty()) {
            return;
        }
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(part);
    }
}
