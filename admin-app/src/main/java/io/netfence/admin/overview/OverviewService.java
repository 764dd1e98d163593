package io.netfence.admin.overview;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.NodeRulesets;
import io.netfence.admin.cluster.PodPolicies;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@Service
public class OverviewService {

    private final LiveCluster cluster;
    private final NodeRulesets rulesets;

    public OverviewService(LiveCluster cluster, NodeRulesets rulesets) {
        this.cluster = cluster;
        this.rulesets = rulesets;
    }

    private record PodCounts(ClusterSnapshot snapshot, Overview.Isolation isolation, List<Overview.NamespaceSummary> namespaces) {
    }

    // isolation counts walk every pod against its namespace's policies: once per snapshot, not per page view
    private volatile PodCounts counts;

    public Overview overview() {
        ClusterSnapshot s = cluster.snapshot();
        PodCounts c = counts;
        if (c == null || c.snapshot() != s) {
            c = podCounts(s);
            counts = c;
        }
        return new Overview(new Overview.Counts(s.namespaces().size(), s.nodes().size(), s.pods().size(), s.policies().size()),
                c.isolation(), c.namespaces(), nodes(s));
    }

    private static PodCounts podCounts(ClusterSnapshot s) {
        PodPolicies selection = new PodPolicies(s);
        int isolated = 0, in = 0, eg = 0, open = 0, unselectable = 0;
        Map<String, int[]> perNamespace = new TreeMap<>();
        for (NamespaceInfo ns : s.namespaces()) {
            perNamespace.put(ns.name(), new int[3]);
        }
        for (Policy p : s.policies()) {
            perNamespace.computeIfAbsent(p.namespace(), k -> new int[3])[0]++;
        }
        for (PodInfo pod : s.pods()) {
            int[] c = perNamespace.computeIfAbsent(pod.namespace(), k -> new int[3]);
            c[1]++;
            if (!pod.selectable()) {
                unselectable++;
                continue;
            }
            PodPolicies.Selection sel = selection.of(pod);
            if (sel.isolated()) {
                isolated++;
                c[2]++;
            } else {
                open++;
            }
            in += sel.ingressIsolated() ? 1 : 0;
            eg += sel.egressIsolated() ? 1 : 0;
        }
        List<Overview.NamespaceSummary> namespaces = new ArrayList<>();
        perNamespace.forEach((ns, c) -> namespaces.add(new Overview.NamespaceSummary(ns, c[0], c[1], c[2])));
        return new PodCounts(s, new Overview.Isolation(isolated, in, eg, open, unselectable), namespaces);
    }

    private List<Overview.NodeSync> nodes(ClusterSnapshot s) {
        Map<String, NodeFirewallStatus> statuses = cluster.nodeStatuses();
        List<Overview.NodeSync> out = new ArrayList<>();
        for (NodeInfo node : s.nodes()) {
            NodeRuleset r = rulesets.current(node.name());
            NodeFirewallStatus st = statuses.get(node.name());
            Overview.SyncState state = st == null || st.rulesetHash() == null ? Overview.SyncState.NO_REPORT
                    : st.rulesetHash().equals(r.hash()) ? Overview.SyncState.IN_SYNC : Overview.SyncState.DRIFT;
            out.add(new Overview.NodeSync(node.name(), r.stats().localPods(), r.stats().isolatedPods(), r.stats().rules(),
                    st == null ? null : st.rulesetHash(), r.hash(), state, st == null ? null : st.agentVersion(),
                    st == null ? null : st.lastSyncTime(), st == null ? null : st.lastError()));
        }
        return out;
    }
}
