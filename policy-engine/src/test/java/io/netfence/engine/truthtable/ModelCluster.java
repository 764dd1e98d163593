package io.netfence.engine.truthtable;

import com.google.common.net.InetAddresses;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.PolicyConverter;
import io.netfence.engine.snapshot.ResourceConverter;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The upstream e2e network-policy model: namespaces {@code x}, {@code y}, {@code z} (labelled {@code ns=<name>}),
 * pods {@code a}, {@code b}, {@code c} in each (labelled {@code pod=<name>}), every pod serving ports 80 and 81 on
 * TCP and UDP.
 *
 * <p>Container ports of every pod: {@code serve-80-tcp}, {@code serve-80-udp}, {@code serve-81-tcp},
 * {@code serve-81-udp} (the port and protocol they say), plus the TCP port {@code web}, which is 80 on pods
 * {@code a}, 81 on pods {@code b} and absent on pods {@code c} — a named port that resolves to different numbers on
 * different pods. All of them are served, so every named port lands on a listening socket.
 *
 * <p>The addresses are <b>input</b>: the kernel suite passes the IPs of its network namespaces, unit tests pass
 * synthetic ones ({@link #syntheticIpv4()}, {@link #syntheticIpv6()}). A pod may have several IPs (dual stack); the
 * first one is the one probed and the one {@link #ipBlockOf(String)} style helpers start from.
 */
public final class ModelCluster {

    public static final List<String> NAMESPACES = List.of("x", "y", "z");
    public static final List<String> POD_NAMES = List.of("a", "b", "c");
    public static final List<Integer> PORTS = List.of(80, 81);
    public static final List<Protocol> PROTOCOLS = List.of(Protocol.TCP, Protocol.UDP);
    /** The TCP container port whose number differs per pod. */
    public static final String WEB_PORT = "web";

    /** {@code x/a, x/b, ..., z/c}: the row and column order of every matrix. */
    public static final List<String> POD_KEYS = NAMESPACES.stream()
            .flatMap(ns -> POD_NAMES.stream().map(p -> ns + "/" + p)).toList();

    /** A node and its own addresses (kubelet probes come from these). */
    public record ModelNode(String name, List<String> addresses) {
        public ModelNode {
            addresses = List.copyOf(addresses);
        }
    }

    /** Where a model pod runs and its IPs (first = probed). */
    public record ModelPod(String key, String node, List<String> ips) {
        public ModelPod {
            if (ips.isEmpty()) {
                throw new IllegalArgumentException("pod " + key + ": at least one IP is needed");
            }
            ips = ips.stream().map(ip -> InetAddresses.toAddrString(InetAddresses.forString(ip))).toList();
        }
    }

    private final Map<String, ModelPod> pods;
    private final List<ModelNode> nodes;

    private ModelCluster(Map<String, ModelPod> pods, List<ModelNode> nodes) {
        this.pods = pods;
        this.nodes = List.copyOf(nodes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Pods {@code 10.10.<ns>.<pod>} ({@code x/a} = 10.10.0.1), pod a/b/c on node-1/-2/-3 = 192.168.100.1/2/3. */
    public static ModelCluster syntheticIpv4() {
        Builder b = builder();
        for (int p = 0; p < POD_NAMES.size(); p++) {
            b.node("node-" + (p + 1), "192.168.100." + (p + 1));
        }
        for (int n = 0; n < NAMESPACES.size(); n++) {
            for (int p = 0; p < POD_NAMES.size(); p++) {
                b.pod(NAMESPACES.get(n) + "/" + POD_NAMES.get(p), "node-" + (p + 1), "10.10." + n + "." + (p + 1));
            }
        }
        return b.build();
    }

    /** The same layout in IPv6: pods {@code fd00:10:<ns>::<pod>}, nodes {@code fd00:192::1..3}. */
    public static ModelCluster syntheticIpv6() {
        Builder b = builder();
        for (int p = 0; p < POD_NAMES.size(); p++) {
            b.node("node-" + (p + 1), "fd00:192::" + (p + 1));
        }
        for (int n = 0; n < NAMESPACES.size(); n++) {
            for (int p = 0; p < POD_NAMES.size(); p++) {
                b.pod(NAMESPACES.get(n) + "/" + POD_NAMES.get(p), "node-" + (p + 1), "fd00:10:" + n + "::" + (p + 1));
            }
        }
        return b.build();
    }

    public List<ModelNode> nodes() {
        return nodes;
    }

    public ModelPod pod(String key) {
        ModelPod p = pods.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no model pod " + key + "; pods are " + POD_KEYS);
        }
        return p;
    }

    /** The probed (first) IP of a pod. */
    public String ip(String podKey) {
        return pod(podKey).ips().get(0);
    }

    /** The host CIDR of a pod's probed IP: {@code /32} or {@code /128}. */
    public String hostCidr(String podKey) {
        String ip = ip(podKey);
        return ip + (isIpv4(ip) ? "/32" : "/128");
    }

    /** One ipBlock peer per IP of the pod, each the pod's host CIDR. */
    public List<NetworkPolicyPeer> ipBlockOf(String podKey) {
        return pod(podKey).ips().stream()
                .map(ip -> NetworkPolicies.ipBlock(ip + (isIpv4(ip) ? "/32" : "/128"))).toList();
    }

    /**
     * ipBlock peers covering every address ({@code 0.0.0.0/0}, {@code ::/0}: one per family the pods use) except
     * the given pods' IPs.
     */
    public List<NetworkPolicyPeer> ipBlockAllExcept(String... podKeys) {
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        for (boolean v4 : List.of(true, false)) {
            boolean used = pods.values().stream().flatMap(p -> p.ips().stream()).anyMatch(ip -> isIpv4(ip) == v4);
            if (!used) {
                continue;
            }
            List<String> except = new ArrayList<>();
            for (String key : podKeys) {
                pod(key).ips().stream().filter(ip -> isIpv4(ip) == v4).forEach(ip -> except.add(ip + (v4 ? "/32" : "/128")));
            }
            peers.add(NetworkPolicies.ipBlock(v4 ? "0.0.0.0/0" : "::/0", except.toArray(String[]::new)));
        }
        return peers;
    }

    /** The namespaces as API objects (labels {@code ns=<name>}), after {@code mutations}. */
    public List<Namespace> namespaces(List<Mutation> mutations) {
        List<Namespace> out = new ArrayList<>();
        for (String ns : NAMESPACES) {
            Namespace n = new NamespaceBuilder().withNewMetadata().withName(ns)
                    .withLabels(Map.of("ns", ns, "kubernetes.io/metadata.name", ns)).endMetadata().build();
            mutations.forEach(m -> m.apply(n));
            out.add(n);
        }
        return out;
    }

    /** The pods as API objects (Running, with IPs, node and container ports), after {@code mutations}. */
    public List<Pod> pods(List<Mutation> mutations) {
        List<Pod> out = new ArrayList<>();
        for (String key : POD_KEYS) {
            ModelPod mp = pod(key);
            String ns = key.substring(0, 1);
            String name = key.substring(2);
            Pod p = new PodBuilder()
                    .withNewMetadata().withNamespace(ns).withName(name).withLabels(Map.of("pod", name)).endMetadata()
                    .withNewSpec().withNodeName(mp.node())
                    .addNewContainer().withName("server").withImage("netfence/agnhost").withPorts(servePorts()).endContainer()
                    .addNewContainer().withName("web").withImage("netfence/agnhost").withPorts(webPort(name)).endContainer()
                    .endSpec()
                    .withNewStatus().withPhase("Running").withPodIP(mp.ips().get(0))
                    .withPodIPs(mp.ips().stream().map(ip -> new PodIP(ip)).toList()).endStatus()
                    .build();
            mutations.forEach(m -> m.apply(p));
            out.add(p);
        }
        return out;
    }

    /** The nodes as API objects (InternalIP addresses). */
    public List<Node> fabric8Nodes() {
        return nodes.stream().map(n -> new NodeBuilder().withNewMetadata().withName(n.name()).endMetadata()
                .withNewStatus().withAddresses(n.addresses().stream().map(a -> new NodeAddress(a, "InternalIP")).toList())
                .endStatus().build()).toList();
    }

    /** The snapshot of this model with {@code policies}, after {@code mutations}, through the real converters. */
    public ClusterSnapshot snapshot(List<NetworkPolicy> policies, List<Mutation> mutations) {
        return ClusterSnapshot.of(
                namespaces(mutations).stream().map(ResourceConverter::namespace).toList(),
                pods(mutations).stream().map(ResourceConverter::pod).toList(),
                fabric8Nodes().stream().map(ResourceConverter::node).toList(),
                policies.stream().map(PolicyConverter::convert).toList());
    }

    private static List<ContainerPort> servePorts() {
        List<ContainerPort> ports = new ArrayList<>();
        for (int port : PORTS) {
            for (Protocol proto : PROTOCOLS) {
                ports.add(new ContainerPortBuilder().withName("serve-" + port + "-" + proto.kernelName())
                        .withContainerPort(port).withProtocol(proto.name()).build());
            }
        }
        return ports;
    }

    private static List<ContainerPort> webPort(String podName) {
        return switch (podName) {
            case "a" -> List.of(new ContainerPortBuilder().withName(WEB_PORT).withContainerPort(80).withProtocol("TCP").build());
            case "b" -> List.of(new ContainerPortBuilder().withName(WEB_PORT).withContainerPort(81).withProtocol("TCP").build());
            default -> List.of();
        };
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static boolean isIpv4(String ip) {
        return InetAddresses.forString(ip) instanceof Inet4Address;
    }

    /** Collects nodes and the nine pods; {@link #build()} checks that every pod is placed on a known node. */
    public static final class Builder {
        private final Map<String, ModelPod> pods = new LinkedHashMap<>();
        private final List<ModelNode> nodes = new ArrayList<>();

        public Builder node(String name, String... addresses) {
            nodes.add(new ModelNode(name, List.of(addresses)));
            return this;
        }

        /** Places model pod {@code key} ({@code x/a} ...) on {@code node} with {@code ips} (first = probed). */
        public Builder pod(String key, String node, String... ips) {
            if (!POD_KEYS.contains(key)) {
                throw new IllegalArgumentException("no model pod " + key + "; pods are " + POD_KEYS);
            }
            pods.put(key, new ModelPod(key, Objects.requireNonNull(node, "node"), List.of(ips)));
            return this;
        }

        public ModelCluster build() {
            for (String key : POD_KEYS) {
                ModelPod p = pods.get(key);
                if (p == null) {
                    throw new IllegalArgumentException("model pod " + key + " has no IP/node; call pod(\"" + key + "\", node, ip)");
                }
                if (nodes.stream().noneMatch(n -> n.name().equals(p.node()))) {
                    throw new IllegalArgumentException("model pod " + key + " is on unknown node " + p.node());
                }
            }
            return new ModelCluster(Map.copyOf(pods), nodes);
        }
    }
}
