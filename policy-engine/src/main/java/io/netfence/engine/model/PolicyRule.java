package io.netfence.engine.model;

import java.util.List;

/**
 * One ingress or egress rule. An empty {@code peers} list means every peer (no {@code from}/{@code to}); an
 * empty {@code ports} list means every port.
 */
public record PolicyRule(List<Peer> peers, List<PortSpec> ports) {

    public PolicyRule {
        peers = peers == null ? List.of() : List.copyOf(peers);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public boolean allPeers() {
        return peers.isEmpty();
    }

    public boolean allPorts() {
        return ports.isEmpty();
    }
}
