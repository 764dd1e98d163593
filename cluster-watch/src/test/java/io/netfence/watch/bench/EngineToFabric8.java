package io.netfence.watch.bench;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.model.SelectorRequirement;

import java.util.ArrayList;
import java.util.List;

/** Turns the engine's records (e.g. a synthetic cluster) back into API objects to load into the mock API server. */
public final class EngineToFabric8 {

    private EngineToFabric8() {
    }

    public static Namespace namespace(NamespaceInfo ns) {
        var labels = new java.util.HashMap<>(ns.labels());
        labels.remove("kubernetes.io/metadata.name");
        return new NamespaceBuilder().withNewMetadata().withName(ns.name()).withLabels(labels).endMetadata().build();
    }

    public static Node node(NodeInfo n) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(n.name()).endMetadata()
                .withNewSpec().withPodCIDRs(n.podCidrs()).withPodCIDR(n.podCidrs().isEmpty() ? null : n.podCidrs().get(0)).endSpec();
        var status = b.withNewStatus();
        for (String a : n.addresses()) {
            status.addNewAddress().withType("InternalIP").withAddress(a).endAddress();
        }
        return status.endStatus().build();
    }

    public static Pod pod(PodInfo p) {
        ContainerBuilder c = new ContainerBuilder().withName("main").withImage("example");
        for (ContainerPortInfo port : p.ports()) {
            c.addNewPort().withName(port.name()).withContainerPort(port.port()).withProtocol(port.protocol().name()).endPort();
        }
        var status = new PodBuilder().withNewMetadata().withNamespace(p.namespace()).withName(p.name()).withLabels(p.labels()).endMetadata()
                .withNewSpec().withNodeName(p.nodeName()).withHostNetwork(p.hostNetwork()).withContainers(c.build()).endSpec()
                .withNewStatus().withPhase(p.phase()).withPodIP(p.ips().isEmpty() ? null : p.ips().get(0));
        for (String ip : p.ips()) {
            status.addNewPodIP().withIp(ip).endPodIP();
        }
        return status.endStatus().build();
    }

    public static NetworkPolicy policy(Policy p) {
        var spec = new NetworkPolicyBuilder().withNewMetadata().withNamespace(p.namespace()).withName(p.name()).endMetadata()
                .withNewSpec().withPodSelector(selector(p.podSelector()))
                .withPolicyTypes(p.policyTypes().stream().map(d -> d == Direction.INGRESS ? "Ingress" : "Egress").sorted().toList());
        for (PolicyRule r : p.ingress()) {
            spec.addToIngress(new NetworkPolicyIngressRuleBuilder().withFrom(peers(r.peers())).withPorts(ports(r.ports())).build());
        }
        for (PolicyRule r : p.egress()) {
            spec.addToEgress(new NetworkPolicyEgressRuleBuilder().withTo(peers(r.peers())).withPorts(ports(r.ports())).build());
        }
        return spec.endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.LabelSelector selector(LabelSelector s) {
        LabelSelectorBuilder b = new LabelSelectorBuilder().withMatchLabels(s.matchLabels());
        for (SelectorRequirement r : s.matchExpressions()) {
            b.addToMatchExpressions(new LabelSelectorRequirementBuilder().withKey(r.key()).withOperator(r.operator().apiName())
                    .withValues(r.values()).build());
        }
        return b.build();
    }

    private static List<NetworkPolicyPeer> peers(List<Peer> peers) {
        List<NetworkPolicyPeer> out = new ArrayList<>();
        for (Peer peer : peers) {
            if (peer instanceof IpBlockPeer ip) {
                out.add(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(ip.cidr().toString())
                        .withExcept(ip.except().stream().map(Object::toString).toList()).endIpBlock().build());
            } else if (peer instanceof SelectorPeer sp) {
                NetworkPolicyPeerBuilder b = new NetworkPolicyPeerBuilder();
                if (sp.podSelector() != null) {
                    b.withPodSelector(selector(sp.podSelector()));
                }
                if (sp.namespaceSelector() != null) {
                    b.withNamespaceSelector(selector(sp.namespaceSelector()));
                }
                out.add(b.build());
            }
        }
        return out;
    }

    private static List<NetworkPolicyPort> ports(List<PortSpec> ports) {
        List<NetworkPolicyPort> out = new ArrayList<>();
        for (PortSpec p : ports) {
            NetworkPolicyPortBuilder b = new NetworkPolicyPortBuilder().withProtocol(p.protocol().name());
            if (p.isNamed()) {
                b.withPort(new IntOrString(p.portName()));
            } else if (!p.isAllPorts()) {
                b.withPort(new IntOrString(p.port())).withEndPort(p.endPort());
            }
            out.add(b.build());
        }
        return out;
    }
}
