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

/** Evaluates a policy's selectors against a snapshot (the policies page and the composer show the result). */
public final class PolicyResolver {

    private PolicyResolver() {
    }

    public static ResolvedPolicy resolve(Policy policy, ClusterSnapshot snapshot) {
        List<PodInfo> selected = snapshot.podsInNamespace(policy.namespace()).stream().filter(policy::selects).toList();
        List<String> types = policy.policyTypes().stream().map(Direction::apiName).sorted().toList();
        return new ResolvedPolicy(policy.namespace(), policy.name(), policy.podSelector().describe(), types,
                selected.stream().map(PodInfo::key).toList(), rules(policy, Direction.INGRESS, snapshot),
                rules(policy, Direction.EGRESS, snapshot), WorkloadCount.of(selected));
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
            List<PodInfo> pods = snapshot.pods().stream().filter(pod -> pod.ips().stream().anyMatch(block::contains)).toList();
            return new ResolvedPolicy.Peer(path, block.describe(), pods.stream().map(PodInfo::key).toList(), List.of(), cidrs, false,
                    WorkloadCount.of(pods));
        }
        SelectorPeer sp = (SelectorPeer) peer;
        List<PodInfo> pods = snapshot.pods().stream()
                .filter(pod -> sp.selects(pod, snapshot.namespaceLabels(pod.namespace()), policy.namespace())).toList();
        List<String> namespaces = sp.namespaceSelector() == null ? List.of()
                : snapshot.namespaces().stream().filter(ns -> sp.namespaceSelector().matches(ns.labels())).map(NamespaceInfo::name).toList();
        return new ResolvedPolicy.Peer(path, sp.describe(), pods.stream().map(PodInfo::key).toList(), namespaces, List.of(), false,
                WorkloadCount.of(pods));
    }
}
