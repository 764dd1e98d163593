package io.netfence.engine.lint;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An egress-isolating policy whose selected pods, with every policy that selects them, cannot reach DNS on
 * UDP 53 and TCP 53. DNS servers are the pods labelled {@code k8s-app=kube-dns} (CoreDNS and kube-dns both
 * carry it); in a snapshot without them, any destination on port 53 counts.
 */
final class DnsEgressCheck implements LintCheck {

    static final String DNS_LABEL_KEY = "k8s-app";
    static final String DNS_LABEL_VALUE = "kube-dns";
    private static final int DNS_PORT = 53;

    /** Whether some egress rule of the policies isolating {@code pod} allows port 53 at all (named ports cannot count). */
    private static boolean allowsPortSomewhere(ClusterSnapshot cluster, PodInfo pod, Protocol proto) {
        List<Policy> isolating = cluster.policies().stream().filter(p -> p.isolates(Direction.EGRESS) && p.selects(pod)).toList();
        return isolating.isEmpty() || isolating.stream().flatMap(p -> p.egress().stream())
                .anyMatch(r -> r.allPorts() || r.ports().stream().anyMatch(ps -> ps.matches(DNS_PORT, proto, null)));
    }

    @Override
    public List<LintWarning> check(Policy policy, ClusterSnapshot cluster) {
        if (!policy.isolates(Direction.EGRESS)) {
            return List.of();
        }
        List<PodInfo> dnsServers = cluster.pods().stream()
                .filter(p -> p.selectable() && DNS_LABEL_VALUE.equals(p.labels().get(DNS_LABEL_KEY))).toList();
        List<PodInfo> selected = cluster.podsInNamespace(policy.namespace()).stream()
                .filter(pod -> policy.selects(pod) && !dnsServers.contains(pod)).toList();
        if (selected.isEmpty()) {
            return List.of();
        }
        // indexes every pod IP of the cluster: only built when there is a pod to judge
        ReachabilityAnalyzer analyzer = dnsServers.isEmpty() ? null : new ReachabilityAnalyzer(cluster);
        List<PodInfo> cutOff = new ArrayList<>();
        Set<Protocol> missing = new LinkedHashSet<>();
        for (PodInfo pod : selected) {
            boolean lost = false;
            for (Protocol proto : List.of(Protocol.UDP, Protocol.TCP)) {
                // only the sending side: lint asks what this pod's egress policies let out, not whether DNS answers
                boolean ok = dnsServers.isEmpty()
                        ? allowsPortSomewhere(cluster, pod, proto)
                        : dnsServers.stream().anyMatch(d -> analyzer.verdict(analyzer.endpoint(pod), analyzer.endpoint(d), DNS_PORT, proto)
                        .egress().allows());
                if (!ok) {
                    missing.add(proto);
                    lost = true;
                }
            }
            if (lost) {
                cutOff.add(pod);
            }
        }
        if (cutOff.isEmpty()) {
            return List.of();
        }
        String protocols = String.join(" and ", List.of(Protocol.UDP, Protocol.TCP).stream().filter(missing::contains)
                .map(p -> p.name() + " 53").toList());
        String target = dnsServers.isEmpty() ? "any destination"
                : "the DNS pods (" + String.join(", ", dnsServers.stream().map(PodInfo::key).limit(3).toList())
                + (dnsServers.size() > 3 ? ", ..." : "") + ")";
        String pods = String.join(", ", cutOff.stream().map(PodInfo::key).limit(3).toList())
                + (cutOff.size() > 3 ? " and " + (cutOff.size() - 3) + " more" : "");
        return List.of(new LintWarning(LintCodes.EGRESS_BLOCKS_DNS, policy.egress().isEmpty() ? "spec.policyTypes" : "spec.egress",
                "isolates egress but no policy selecting " + pods + " allows " + protocols + " to " + target
                        + ": name lookups will fail",
                "add an egress rule: to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, "
                        + "podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]"));
    }
}
