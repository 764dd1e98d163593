package io.netfence.watch;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import java.util.List;

/**
 * Copies of pods and nodes with only what the engine reads (see {@code ResourceConverter}) plus what identifies them:
 * no managedFields, annotations, probes, env, volumes, conditions or node images.
 */
final class Trimmed {

    private Trimmed() {
    }

    static Pod pod(Pod p) {
        var spec = p.getSpec();
        var status = p.getStatus();
        PodBuilder b = new PodBuilder().withApiVersion(p.getApiVersion()).withKind(p.getKind()).withMetadata(meta(p.getMetadata(), true));
        if (spec != null) {
            List<Container> containers = spec.getContainers() == null ? null : spec.getContainers().stream()
                    .map(c -> new ContainerBuilder().withName(c.getName()).withPorts(c.getPorts()).build()).toList();
            b.withNewSpec().withNodeName(spec.getNodeName()).withHostNetwork(spec.getHostNetwork()).withContainers(containers).endSpec();
        }
        if (status != null) {
            b.withNewStatus().withPhase(status.getPhase()).withPodIP(status.getPodIP()).withPodIPs(status.getPodIPs()).endStatus();
        }
        return b.build();
    }

    static Node node(Node n) {
        var spec = n.getSpec();
        var status = n.getStatus();
        NodeBuilder b = new NodeBuilder().withApiVersion(n.getApiVersion()).withKind(n.getKind()).withMetadata(meta(n.getMetadata(), false));
        if (spec != null) {
            b.withNewSpec().withPodCIDR(spec.getPodCIDR()).withPodCIDRs(spec.getPodCIDRs()).endSpec();
        }
        if (status != null) {
            b.withNewStatus().withAddresses(status.getAddresses()).endStatus();
        }
        return b.build();
    }

    /** Owner references name a pod's workload (what the console groups pods by). */
    private static ObjectMeta meta(ObjectMeta m, boolean owners) {
        ObjectMetaBuilder b = new ObjectMetaBuilder().withName(m.getName()).withNamespace(m.getNamespace()).withUid(m.getUid())
                .withResourceVersion(m.getResourceVersion()).withLabels(m.getLabels());
        if (owners) {
            b.withOwnerReferences(m.getOwnerReferences());
        }
        return b.build();
    }
}
