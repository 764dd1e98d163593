package io.netfence.admin.policies;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evaluates a policy's selectors against a snapshot (the policies page and the composer show the result). */
public final class PolicyResolver {

    private PolicyResolver() {
    }

    public static ResolvedPolicy resolve(Policy policy, ClusterSnapshot snapshot) {
        List<PodInfo> selected = selectedPods(policy, snapshot);
        List<String> types = policy.policyTypes().stream().map(Direction::apiName).sorted().toList();
        return new ResolvedPolicy(policy.namespace(), policy.name(), policy.podSelector().describe(), types,
                selected.stream().map(PodInfo::key).toList(), rules(policy, Direction.INGRESS, snapshot),
                rules(policy, Direction.EGRESS, snapshot), WorkloadCount.of(selected));
    }

    /** The live pods one peer of {@code policy} matches, in snapshot order; looks only into the namespaces it can match. */
    public static List<PodInfo> peerPods(Policy policy, io.netfence.engine.model.Peer peer, ClusterSnapshot snapshot) {
        if (peer instanceof IpBlockPeer block) {
            return snapshot.podAddresses().podsIn(block);
        }
        SelectorPeer sp = (SelectorPeer) peer;
        List<String> candidates = sp.namespaceSelector() == null ? List.of(policy.namespace()) : namespaces(sp, snapshot);
        List<PodInfo> out = new ArrayList<>();
        for (String ns : candidates) {
            Map<String, String> labels = snapshot.namespaceLabels(ns);
            for (PodInfo pod : snapshot.podsInNamespace(ns)) {
                if (sp.selects(pod, labels, policy.namespace())) {
                    out.add(pod);
                }
            }
        }
        return out;
    }

    /** The pods {@code policy} selects (its own namespace only). */
    public static List<PodInfo> selectedPods(Policy policy, ClusterSnapshot snapshot) {
        return snapshot.podsInNamespace(policy.namespace()).stream().filter(policy::selects).toList();
    }

    /** The namespaces a peer's namespaceSelector matches, sorted by name (as the snapshot keeps them). */
    private static List<String> namespaces(SelectorPeer sp, ClusterSnapshot snapshot) {
        return snapshot.namespaces().stream().filter(ns -> sp.namespaceSelector().matches(ns.labels())).map(NamespaceInfo::name).toList();
    }

    private static List<ResolvedPolicy.Rule> rules(Policy policy, Direction dir, ClusterSnapshot snapshot) {
        List<ResolvedPolicy.Rule> out = new ArrayList<>();
        String field = dir == Direction.INGRESS ? "ingress" : "egress";
        String peerField = dir == Direction.INGRESS ? "from" : "to";
        List<PolicyRule> rules = policy.rules(dir);
        for (int r = 0; r < rules.size(); r++) {
            PolicyRule rule = rules.get(r);
            String path = "spec." + field + "[" + r + "]";
            List<ResolvedPolicy.Peer> peers = new ArrayList<>();
            if (rule.allPeers()) {
                peers.add(new ResolvedPolicy.Peer(path, "no " + peerField + ": every " + (dir == Direction.INGRESS ? "source" : "destination")
                        + " (all pods of all namespaces and every IP address)", List.of(), List.of(), List.of(), true, List.of()));
            }
            for (int p = 0; p < rule.peers().size(); p++) {
                peers.add(peer(policy, rule.peers().get(p), path + "." + peerField + "[" + p + "]", snapshot));
            }
            List<String> ports = rule.allPorts() ? List.of("all ports and protocols") : rule.ports().stream().map(PortSpec::describe).toList();
            out.add(new ResolvedPolicy.Rule(path, peers, ports));
        }
        return out;
    }

    private static ResolvedPolicy.Peer peer(Policy policy, io.netfence.engine.model.Peer peer, String path, ClusterSnapshot snapshot) {
        if (peer instanceof IpBlockPeer block) {
            List<String> cidrs = new ArrayList<>();
            cidrs.add(block.cidr().toString());
            block.except().forEach(e -> cidrs.add("except " + e));
            List<PodInfo> pods = peerPods(policy, peer, snapshot);
            return new ResolvedPolicy.Peer(path, block.describe(), pods.stream().map(PodInfo::key).toList(), List.of(), cidrs, false,
                    WorkloadCount.of(pods));
        }
        SelectorPeer sp = (SelectorPeer) peer;
        List<PodInfo> pods = peerPods(policy, peer, snapshot);
        List<String> namespaces = sp.namespaceSelector() == null ? List.of() : namespaces(sp, snapshot);
        return new ResolvedPolicy.Peer(path, sp.describe(), pods.stream().map(PodInfo::key).toList(), namespaces, List.of(), false,
                WorkloadCount.of(pods));
    }
}
