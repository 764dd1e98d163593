package io.netfence.engine.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A node: its addresses (InternalIP etc.), pod CIDRs and labels (ClusterNetworkPolicy {@code nodes} peers select by them). */
public record NodeInfo(String name, List<String> addresses, List<String> podCidrs, Map<String, String> labels) {

    public NodeInfo {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        podCidrs = podCidrs == null ? List.of() : List.copyOf(podCidrs);
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
    }

    /** A node without labels. */
    public NodeInfo(String name, List<String> addresses, List<String> podCidrs) {
        this(name, addresses, podCidrs, Map.of());
    }
}
