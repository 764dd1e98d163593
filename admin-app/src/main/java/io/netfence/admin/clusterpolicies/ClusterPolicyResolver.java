package io.netfence.admin.clusterpolicies;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;

/** Evaluates a ClusterNetworkPolicy's subject and peers against a snapshot, as the engine matches them. */
final class ClusterPolicyResolver {

    private ClusterPolicyResolver() {
    }

    static ResolvedClusterPolicy resolve(ClusterNetworkPolicy cnp, ClusterSnapshot s) {
        var subject = cnp.subject();
        List<String> namespaces = s.namespaces().stream().filter(ns -> subject.namespaceSelector().matches(ns.labels()))
                .map(NamespaceInfo::name).sorted().toList();
        return new ResolvedClusterPolicy(subject.describe(), namespaces, subjectPods(cnp, s),
                rules(cnp, Direction.INGRESS, s), rules(cnp, Direction.EGRESS, s));
    }

    static List<String> subjectPods(ClusterNetworkPolicy cnp, ClusterSnapshot s) {
        return s.pods().stream().filter(p -> cnp.subject().selects(p, s.namespaceLabels(p.namespace()))).map(PodInfo::key).toList();
    }

    private static List<ResolvedClusterPolicy.Rule> rules(ClusterNetworkPolicy cnp, Direction dir, ClusterSnapshot s) {
        List<ResolvedClusterPolicy.Rule> out = new ArrayList<>();
        String peerField = dir == Direction.INGRESS ? "from" : "to";
        List<ClusterPolicyRule> rules = cnp.rules(dir);
        for (int r = 0; r < rules.size(); r++) {
            ClusterPolicyRule rule = rules.get(r);
            String path = ClusterNetworkPolicy.rulePath(dir, r);
            List<ResolvedClusterPolicy.Peer> peers = new ArrayList<>();
            for (int p = 0; p < rule.peers().size(); p++) {
                peers.add(peer(rule.action(), rule.peers().get(p), path + "." + peerField + "[" + p + "]", s));
            }
            List<String> ports = rule.allPorts() ? List.of("all ports and protocols")
                    : rule.ports().stream().map(ClusterPolicyPort::describe).toList();
            out.add(new ResolvedClusterPolicy.Rule(path, rule.label(r), rule.action().apiName(), peers, ports));
        }
        return out;
    }

    private static ResolvedClusterPolicy.Peer peer(ClusterPolicyAction action, ClusterPolicyPeer peer, String path, ClusterSnapshot s) {
        if (peer instanceof ClusterPolicyPeer.Pods pods) {
            return new ResolvedClusterPolicy.Peer(path, pods.podSelector() == null ? "namespaces" : "pods", pods.describe(),
                    s.namespaces().stream().filter(ns -> pods.namespaceSelector().matches(ns.labels())).map(NamespaceInfo::name).sorted().toList(),
                    s.pods().stream().filter(p -> pods.selects(p, s.namespaceLabels(p.namespace()))).map(PodInfo::key).toList(),
                    List.of(), List.of(), false, false);
        }
        if (peer instanceof ClusterPolicyPeer.Networks networks) {
            return new ResolvedClusterPolicy.Peer(path, "networks", networks.describe(), List.of(),
                    s.pods().stream().filter(p -> p.ips().stream().anyMatch(networks::contains)).map(PodInfo::key).toList(),
                    s.nodes().stream().filter(n -> n.addresses().stream().anyMatch(networks::contains)).map(ClusterPolicyResolver::node).toList(),
                    networks.cidrs().stream().map(Object::toString).toList(), false, false);
        }
        if (peer instanceof ClusterPolicyPeer.Nodes nodes) {
            return new ResolvedClusterPolicy.Peer(path, "nodes", nodes.describe(), List.of(), List.of(),
                    s.nodes().stream().filter(n -> nodes.nodeSelector().matches(n.labels())).map(ClusterPolicyResolver::node).toList(),
                    List.of(), false, false);
        }
        if (peer instanceof ClusterPolicyPeer.DomainNames domains) {
            return new ResolvedClusterPolicy.Peer(path, "domainNames", domains.describe(), List.of(), List.of(), List.of(),
                    domains.names(), false, true);
        }
        // an unknown peer fails closed: a Deny/Pass rule matches everything through it, an Accept rule nothing
        boolean accept = action == ClusterPolicyAction.ACCEPT;
        return new ResolvedClusterPolicy.Peer(path, "unknown", peer.describe(), List.of(), List.of(), List.of(), List.of(),
                !accept, accept);
    }

    private static String node(NodeInfo n) {
        return n.name() + " (" + String.join(", ", n.addresses()) + ")";
    }
}
