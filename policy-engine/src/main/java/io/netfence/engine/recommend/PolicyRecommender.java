package io.netfence.engine.recommend;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.workload.WorkloadRef;
import io.netfence.engine.workload.Workloads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The least-privilege NetworkPolicy for the pods of a namespace or a workload that allows exactly the traffic they
 * were observed to have (allowed flows only: what was denied is not evidence of a need). Peers are grouped by
 * namespace and workload (the labels all of the workload's pods share, without per-revision labels), addresses outside
 * the pods by {@code ipBlock} /32 (/128); ports are named where the destination pod names them. With egress, DNS to
 * kube-dns is always kept. Addresses are resolved in the current snapshot. Plain logic: the console's Recommend and the
 * kernel suite's closed-loop test call this one copy.
 */
public final class PolicyRecommender {

    /** Labels that differ per revision or per pod: a selector on them would break on the next rollout. */
    public static final Set<String> VOLATILE = Set.of("pod-template-hash", "controller-revision-hash",
            "statefulset.kubernetes.io/pod-name", "pod-template-generation", "apps.kubernetes.io/pod-index");

    private PolicyRecommender() {
    }

    /**
     * @param workload null for every pod of {@code namespace}
     */
    public static NetworkPolicy recommend(ClusterSnapshot snapshot, List<ObservedConnection> flows, String namespace, WorkloadRef workload,
                                          boolean egress) {
        Map<WorkloadRef, List<PodInfo>> groups = Workloads.group(snapshot.pods());
        List<PodInfo> subjects = workload != null ? groups.getOrDefault(workload, List.of()) : snapshot.podsInNamespace(namespace);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException(workload != null ? "workload " + workload.key() + " has no pods"
                    : "namespace " + namespace + " has no pods");
        }
        Set<String> subjectKeys = new TreeSet<>();
        subjects.forEach(p -> subjectKeys.add(p.key()));
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        // peer (as YAML-stable key) -> peer, ports
        Map<String, NetworkPolicyPeer> inPeers = new TreeMap<>();
        Map<String, Set<String>> inPorts = new TreeMap<>();
        Map<String, NetworkPolicyPeer> outPeers = new TreeMap<>();
        Map<String, Set<String>> outPorts = new TreeMap<>();
        for (ObservedConnection f : flows) {
            if (!f.allowed() || f.port() < 1) {
                continue;
            }
            Endpoint src = analyzer.endpointForIp(f.sourceIp());
            Endpoint dst = analyzer.endpointForIp(f.destinationIp());
            String protocol = f.protocol().toUpperCase(Locale.ROOT);
            if (dst.isPod() && subjectKeys.contains(dst.pod().key())) {
                String key = peerKey(src, groups);
                inPeers.putIfAbsent(key, peer(src, groups));
                inPorts.computeIfAbsent(key, k -> new TreeSet<>()).add(portKey(dst.pod(), f.port(), protocol));
            }
            if (egress && src.isPod() && subjectKeys.contains(src.pod().key())) {
                String key = peerKey(dst, groups);
                outPeers.putIfAbsent(key, peer(dst, groups));
                outPorts.computeIfAbsent(key, k -> new TreeSet<>()).add(portKey(dst.isPod() ? dst.pod() : null, f.port(), protocol));
            }
        }
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        inPeers.forEach((k, peer) -> ingress.add(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder().withFrom(peer).withPorts(ports(inPorts.get(k))).build()));
        List<NetworkPolicyEgressRule> egressRules = new ArrayList<>();
        if (egress) {
            NetworkPolicyPeer dns = new NetworkPolicyPeerBuilder()
                    .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", "kube-system").build())
                    .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns").build()).build();
            egressRules.add(egressRule(dns, new TreeSet<>(List.of("UDP/53", "TCP/53"))));
            outPeers.forEach((k, peer) -> {
                if (!peer.equals(dns)) {
                    egressRules.add(egressRule(peer, outPorts.get(k)));
                }
            });
        }
        String name = (workload != null ? workload.name() : namespace) + "-observed";
        return new NetworkPolicyBuilder().withNewMetadata().withNamespace(workload != null ? workload.namespace() : namespace)
                .withName(name.length() > 253 ? name.substring(0, 253) : name).endMetadata()
                .withNewSpec().withPodSelector(workload != null ? selectorOf(subjects) : new LabelSelector())
                .withPolicyTypes(egress ? List.of("Ingress", "Egress") : List.of("Ingress"))
                .withIngress(ingress).withEgress(egressRules).endSpec().build();
    }

    private static NetworkPolicyEgressRule egressRule(NetworkPolicyPeer to, Set<String> ports) {
        return new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder().withTo(to).withPorts(ports(ports)).build();
    }

    private static String peerKey(Endpoint e, Map<WorkloadRef, List<PodInfo>> groups) {
        return e.isPod() ? "pod " + Workloads.of(e.pod()).key() : "ip " + e.ip();
    }

    private static NetworkPolicyPeer peer(Endpoint e, Map<WorkloadRef, List<PodInfo>> groups) {
        if (!e.isPod()) {
            return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(e.ip() + (e.ip().contains(":") ? "/128" : "/32")).endIpBlock().build();
        }
        List<PodInfo> pods = groups.getOrDefault(Workloads.of(e.pod()), List.of(e.pod()));
        return new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", e.pod().namespace()).build())
                .withPodSelector(selectorOf(pods)).build();
    }

    /** The labels every pod shares, without per-revision ones. */
    public static LabelSelector selectorOf(List<PodInfo> pods) {
        Map<String, String> shared = new TreeMap<>(pods.get(0).labels());
        for (PodInfo p : pods) {
            shared.entrySet().removeIf(l -> !l.getValue().equals(p.labels().get(l.getKey())));
        }
        shared.keySet().removeIf(VOLATILE::contains);
        return new LabelSelectorBuilder().withMatchLabels(new LinkedHashMap<>(shared)).build();
    }

    /** {@code TCP/http} where the destination pod names the port, else {@code TCP/8080}. */
    private static String portKey(PodInfo destination, int port, String protocol) {
        if (destination != null) {
            for (ContainerPortInfo p : destination.ports()) {
                if (p.port() == port && p.protocol().name().equals(protocol) && p.name() != null && !p.name().isBlank()) {
                    return protocol + "/" + p.name();
                }
            }
        }
        return protocol + "/" + port;
    }

    private static List<NetworkPolicyPort> ports(Set<String> keys) {
        List<NetworkPolicyPort> out = new ArrayList<>();
        for (String k : keys) {
            String[] pp = k.split("/", 2);
            IntOrString port = pp[1].chars().allMatch(Character::isDigit) ? new IntOrString(Integer.parseInt(pp[1])) : new IntOrString(pp[1]);
            out.add(new NetworkPolicyPortBuilder().withProtocol(pp[0]).withPort(port).build());
        }
        return out;
    }
}
