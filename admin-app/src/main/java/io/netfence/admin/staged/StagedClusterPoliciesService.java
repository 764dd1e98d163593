package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.traffic.ObservedFlow;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The StagedClusterNetworkPolicies for the Staged page and its API: the stored objects (informer cache) with what each
 * subject selects in the live snapshot, the agents' would-deny counters (NodeFirewallStatus {@code stagedClusterWouldDeny})
 * and the observed flows the engine's staged verdict says one of its Deny rules would deny.
 */
@Service
public class StagedClusterPoliciesService {

    private final LiveCluster cluster;
    private final StagedReadout readout;

    public StagedClusterPoliciesService(LiveCluster cluster, StagedReadout readout) {
        this.cluster = cluster;
        this.readout = readout;
    }

    /** Every staged ClusterNetworkPolicy whose name contains {@code nameContains} (all when blank), sorted by name. */
    public List<StagedClusterPolicyRow> list(String nameContains) {
        ClusterSnapshot s = cluster.snapshot();
        String q = nameContains == null || nameContains.isBlank() ? null : nameContains.strip();
        StagedReadout.View v = view(s);
        return names(s).stream().filter(n -> q == null || n.contains(q)).map(n -> row(n, s, v)).toList();
    }

    public Optional<StagedClusterPolicyDetail> detail(String name) {
        ClusterSnapshot s = cluster.snapshot();
        Optional<GenericKubernetesResource> stored = cluster.stagedClusterPolicy(name);
        if (stored.isEmpty() && s.stagedClusterNetworkPolicy(name).isEmpty()) {
            return Optional.empty();
        }
        StagedReadout.View v = view(s);
        List<ObservedFlow> reported = StagedVerdicts.agentClusterReports(v.readout()).getOrDefault(name, List.of());
        return Optional.of(new StagedClusterPolicyDetail(row(name, s, v), wouldDeny(v, name).perNode(),
                StagedReadout.firstFlows(v.judged().ofCluster(name)), StagedReadout.firstFlows(reported),
                v.readout().errors(), v.readout().enabled(),
                stored.map(o -> o.getMetadata().getLabels()).orElse(Map.of()),
                stored.map(o -> o.getMetadata().getAnnotations()).orElse(Map.of()),
                stored.map(StagedClusterObjects::yaml).orElse("")));
    }

    /** The engine's staged cluster policies and the stored objects (an unusable one has no engine policy). */
    private TreeSet<String> names(ClusterSnapshot s) {
        TreeSet<String> names = new TreeSet<>();
        s.stagedClusterNetworkPolicies().forEach(p -> names.add(p.name()));
        cluster.stagedClusterPolicyObjects().forEach(o -> names.add(o.getMetadata().getName()));
        return names;
    }

    private StagedReadout.View view(ClusterSnapshot s) {
        return readout.read(s, cluster.unusableStagedClusterPolicies());
    }

    private static StagedWouldDeny wouldDeny(StagedReadout.View v, String name) {
        return StagedWouldDeny.of(v.statuses(), NodeFirewallStatus::stagedClusterWouldDeny, name);
    }

    private StagedClusterPolicyRow row(String name, ClusterSnapshot s, StagedReadout.View v) {
        Optional<ClusterNetworkPolicy> policy = s.stagedClusterNetworkPolicy(name);
        String rv = cluster.stagedClusterPolicy(name).map(o -> o.getMetadata().getResourceVersion()).orElse(null);
        StagedWouldDeny wouldDeny = wouldDeny(v, name);
        int selected = policy.map(p -> (int) s.pods().stream().filter(pod -> pod.selectable()
                && p.subject().selects(pod, s.namespaceLabels(pod.namespace()))).count()).orElse(0);
        return new StagedClusterPolicyRow(name, rv, policy.map(p -> p.tier().apiName()).orElse(null),
                policy.map(ClusterNetworkPolicy::priority).orElse(null), policy.map(p -> p.subject().describe()).orElse(null),
                policy.map(p -> p.ingress().size()).orElse(0), policy.map(p -> p.egress().size()).orElse(0), selected, wouldDeny.total(), wouldDeny.nodes(),
                v.judged().ofCluster(name).size(), v.judged().clusterConnections(name), v.unusable().get(name),
                cluster.clusterNetworkPolicy(name).isPresent());
    }
}
