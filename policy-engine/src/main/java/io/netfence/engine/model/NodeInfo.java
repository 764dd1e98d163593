package io.netfence.engine.model;

import java.util.List;

/** A node: its addresses (InternalIP etc.) and pod CIDRs. */
public record NodeInfo(String name, List<String> addresses, List<String> podCidrs) {

    public NodeInfo {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        podCidrs = podCidrs == null ? List.of() : List.copyOf(podCidrs);
    }
}
