package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;
import io.netfence.admin.policies.PolicyResolver;
import io.netfence.admin.policies.ResolvedPolicy;
import io.netfence.admin.policies.WorkloadCount;
import io.netfence.admin.traffic.ObservedFlow;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The StagedNetworkPolicies for the Staged page and its API: the stored objects (informer cache) with what each selects
 * in the live snapshot, the agents' would-deny counters (NodeFirewallStatus) and the observed flows the engine's
 * staged verdict says it would deny.
 */
@Service
public class StagedPoliciesService {

    private final LiveCluster cluster;
    private final StagedReadout readout;

    public StagedPoliciesService(LiveCluster cluster, StagedReadout readout) {
        this.cluster = cluster;
        this.readout = readout;
    }

    /** One page of the staged policies of a namespace (all when blank) whose name contains {@code nameContains}. */
    public Page<StagedPolicyRow> list(String namespace, String nameContains, PageRequest request) {
        ClusterSnapshot s = cluster.snapshot();
        String ns = blankToNull(namespace);
        String q = blankToNull(nameContains);
        List<String> keys = keys(s).stream().filter(k -> {
            String[] p = k.split("/", 2);
            return (ns == null || p[0].equals(ns)) && (q == null || p[1].contains(q));
        }).toList();
        Page<String> page = request.page(keys, k -> PageRequest.key(k.split("/", 2)));
        StagedReadout.View v = view(s);
        List<StagedPolicyRow> rows = page.items().stream().map(k -> row(k, s, v)).toList();
        return new Page<>(rows, page.continueToken(), page.remaining(), page.total(), page.offset());
    }

    public Optional<StagedPolicyDetail> detail(String namespace, String name) {
        ClusterSnapshot s = cluster.snapshot();
        String key = namespace + "/" + name;
        Optional<GenericKubernetesResource> stored = cluster.stagedPolicy(namespace, name);
        Optional<Policy> policy = s.stagedPolicy(namespace, name);
        if (stored.isEmpty() && policy.isEmpty()) {
            return Optional.empty();
        }
        StagedReadout.View v = view(s);
        StagedPolicyRow row = row(key, s, v);
        ResolvedPolicy resolved = policy.map(p -> PolicyResolver.resolve(p, s)).orElse(null);
        List<ObservedFlow> reported = StagedVerdicts.agentReports(v.readout()).getOrDefault(key, List.of());
        return Optional.of(new StagedPolicyDetail(row, resolved, wouldDeny(v, key).perNode(),
                StagedReadout.firstFlows(v.judged().of(key)), StagedReadout.firstFlows(reported),
                v.readout().errors(), v.readout().enabled(),
                stored.map(o -> o.getMetadata().getLabels()).orElse(Map.of()),
                stored.map(o -> o.getMetadata().getAnnotations()).orElse(Map.of()),
                stored.map(StagedObjects::yaml).orElse("")));
    }

    /** Namespaces that have staged policies, sorted (the list's filter). */
    public List<String> namespaces() {
        return keys(cluster.snapshot()).stream().map(k -> k.split("/", 2)[0]).distinct().toList();
    }

    /** Every staged key: the engine's staged policies and the stored objects (an unusable one has no engine policy). */
    private TreeSet<String> keys(ClusterSnapshot s) {
        TreeSet<String> keys = new TreeSet<>((a, b) -> PageRequest.key(a.split("/", 2)).compareTo(PageRequest.key(b.split("/", 2))));
        s.stagedPolicies().forEach(p -> keys.add(p.key()));
        cluster.stagedPolicyObjects().forEach(o -> keys.add(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()));
        return keys;
    }

    private StagedReadout.View view(ClusterSnapshot s) {
        return readout.read(s, cluster.unusableStagedPolicies());
    }

    private static StagedWouldDeny wouldDeny(StagedReadout.View v, String key) {
        return StagedWouldDeny.of(v.statuses(), NodeFirewallStatus::stagedWouldDeny, key);
    }

    private StagedPolicyRow row(String key, ClusterSnapshot s, StagedReadout.View v) {
        String[] parts = key.split("/", 2);
        Optional<Policy> policy = s.stagedPolicy(parts[0], parts[1]);
        String rv = cluster.stagedPolicy(parts[0], parts[1]).map(o -> o.getMetadata().getResourceVersion()).orElse(null);
        StagedWouldDeny wouldDeny = wouldDeny(v, key);
        List<PodInfo> selected = policy.map(p -> PolicyResolver.selectedPods(p, s)).orElse(List.of());
        List<String> types = policy.map(p -> p.policyTypes().stream().map(Direction::apiName).sorted().toList()).orElse(List.of());
        return new StagedPolicyRow(parts[0], parts[1], rv, policy.map(p -> p.podSelector().describe()).orElse(null), types,
                policy.map(p -> p.ingress().size()).orElse(0), policy.map(p -> p.egress().size()).orElse(0),
                selected.size(), WorkloadCount.of(selected).size(), wouldDeny.total(), wouldDeny.nodes(), v.judged().of(key).size(),
                v.judged().connections(key), v.unusable().get(key), cluster.networkPolicy(parts[0], parts[1]).isPresent());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
