package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.PodOwner;
import io.netfence.engine.model.Protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Converts fabric8 model objects (pods, namespaces, nodes) into the engine's snapshot records. */
public final class ResourceConverter {

    private ResourceConverter() {
    }

    public static NamespaceInfo namespace(Namespace ns) {
        return new NamespaceInfo(ns.getMetadata().getName(), labels(ns.getMetadata().getLabels()));
    }

    public static PodInfo pod(Pod pod) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        var status = pod.getStatus();
        Set<String> ips = new LinkedHashSet<>();
        String phase = null;
        if (status != null) {
            phase = status.getPhase();
            if (status.getPodIPs() != null) {
                for (PodIP ip : status.getPodIPs()) {
                    if (ip.getIp() != null && !ip.getIp().isBlank()) {
                        ips.add(ip.getIp());
                    }
                }
            }
            if (ips.isEmpty() && status.getPodIP() != null && !status.getPodIP().isBlank()) {
                ips.add(status.getPodIP());
            }
        }
        boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
        String nodeName = spec == null ? null : spec.getNodeName();
        List<ContainerPortInfo> ports = new ArrayList<>();
        if (spec != null && spec.getContainers() != null) {
            for (Container c : spec.getContainers()) {
                if (c.getPorts() == null) {
                    continue;
                }
                for (ContainerPort p : c.getPorts()) {
                    if (p.getContainerPort() == null) {
                        continue;
                    }
                    Protocol proto = Protocol.parse(p.getProtocol()).orElse(Protocol.TCP);
                    ports.add(new ContainerPortInfo(p.getName(), p.getContainerPort(), proto));
                }
            }
        }
        return new PodInfo(meta.getNamespace(), meta.getName(), labels(meta.getLabels()), List.copyOf(ips), nodeName,
                hostNetwork, phase, ports, owner(meta.getOwnerReferences()));
    }

    /** The controlling owner reference, else the first usable one; null without owner references. */
    static PodOwner owner(List<OwnerReference> refs) {
        if (refs == null) {
            return null;
        }
        PodOwner first = null;
        for (OwnerReference r : refs) {
            if (r.getKind() == null || r.getKind().isBlank() || r.getName() == null || r.getName().isBlank()) {
                continue;
            }
            if (Boolean.TRUE.equals(r.getController())) {
                return new PodOwner(r.getKind(), r.getName());
            }
            if (first == null) {
                first = new PodOwner(r.getKind(), r.getName());
            }
        }
        return first;
    }

    public static NodeInfo node(Node node) {
        List<String> addresses = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if (("InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType())) && a.getAddress() != null) {
                    addresses.add(a.getAddress());
                }
            }
        }
        List<String> cidrs = new ArrayList<>();
        if (node.getSpec() != null) {
            if (node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()) {
                cidrs.addAll(node.getSpec().getPodCIDRs());
            } else if (node.getSpec().getPodCIDR() != null) {
                cidrs.add(node.getSpec().getPodCIDR());
            }
        }
        return new NodeInfo(node.getMetadata().getName(), addresses, cidrs, labels(node.getMetadata().getLabels()));
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }
}
