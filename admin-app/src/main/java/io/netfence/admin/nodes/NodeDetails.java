package io.netfence.admin.nodes;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.NodeRulesets;
import io.netfence.admin.cluster.PodPolicies;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One node in full: its state, the ruleset the console expects it to enforce, and its local pods. */
@Service
public class NodeDetails {

    private final LiveCluster cluster;
    private final NodeRulesets rulesets;
    private final NodeStates states;

    public NodeDetails(LiveCluster cluster, NodeRulesets rulesets, NodeStates states) {
        this.cluster = cluster;
        this.rulesets = rulesets;
        this.states = states;
    }

    /** The ruleset the console expects the node to enforce (empty for no such node), without working out its pods. */
    public Optional<NodeRuleset> ruleset(String nodeName) {
        return states.of(nodeName).map(s -> rulesets.current(nodeName));
    }

    public Optional<NodeDetail> of(String nodeName) {
        Optional<NodeStatus> status = states.of(nodeName);
        if (status.isEmpty()) {
            return Optional.empty();
        }
        NodeRuleset r = rulesets.current(nodeName);
        ClusterSnapshot s = cluster.snapshot();
        PodPolicies selection = new PodPolicies(s);
        NodeFirewallStatus report = cluster.nodeStatuses().get(nodeName);
        Map<String, Long> drops = report == null ? Map.of() : report.droppedPackets();
        List<NodeDetail.LocalPod> pods = new ArrayList<>();
        for (PodInfo pod : s.podsOnNode(nodeName)) {
            PodPolicies.Selection sel = pod.selectable() ? selection.of(pod) : new PodPolicies.Selection(List.of(), List.of());
            Set<String> by = new LinkedHashSet<>(sel.ingress());
            by.addAll(sel.egress());
            pods.add(new NodeDetail.LocalPod(pod.namespace(), pod.name(), pod.selectable(), sel.isolated(), List.copyOf(by),
                    drops.getOrDefault(pod.key(), 0L)));
        }
        return Optional.of(new NodeDetail(status.get(), r.ipsetRestore(), r.iptablesRestore(),
                r.uses(IpFamily.IPV6) ? r.ip6tablesRestore() : null, pods));
    }
}
