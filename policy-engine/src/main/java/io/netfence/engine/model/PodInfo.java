package io.netfence.engine.model;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A pod as far as NetworkPolicy cares. {@code phase} is the API phase string (Pending, Running, Succeeded,
 * Failed, Unknown). {@code owner}: its controlling owner reference, null for a bare pod (or when not known); only the
 * console's workload grouping reads it, enforcement never does.
 */
public record PodInfo(String namespace, String name, Map<String, String> labels, List<String> ips, String nodeName,
                      boolean hostNetwork, String phase, List<ContainerPortInfo> ports, PodOwner owner) {

    public PodInfo {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
        ips = ips == null ? List.of() : List.copyOf(ips);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A pod without a known owner. */
    public PodInfo(String namespace, String name, Map<String, String> labels, List<String> ips, String nodeName,
                   boolean hostNetwork, String phase, List<ContainerPortInfo> ports) {
        this(namespace, name, labels, ips, nodeName, hostNetwork, phase, ports, null);
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    /**
     * Whether policies can select this pod, as upstream: it has an IP, it is not finished and it does not
     * share the node's network namespace.
     */
    public boolean selectable() {
        return !ips.isEmpty() && !hostNetwork && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** The first container port with this name and protocol, as kube-proxy and CNI plugins resolve it. */
    public OptionalInt resolveNamedPort(String portName, Protocol protocol) {
        for (ContainerPortInfo p : ports) {
            if (portName.equals(p.name()) && p.protocol() == protocol) {
                return OptionalInt.of(p.port());
            }
        }
        return OptionalInt.empty();
    }

    public PodInfo withLabels(Map<String, String> newLabels) {
        return new PodInfo(namespace, name, newLabels, ips, nodeName, hostNetwork, phase, ports, owner);
    }
}
