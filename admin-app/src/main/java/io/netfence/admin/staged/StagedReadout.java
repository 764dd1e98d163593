package io.netfence.admin.staged;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.traffic.FlowReadout;
import io.netfence.admin.traffic.FlowSource;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What both staged lists (StagedNetworkPolicy and StagedClusterNetworkPolicy) read per request: the agents' statuses,
 * the flows and the engine's staged verdict on them. {@link StagedVerdicts#judge} judges the flows for both kinds at
 * once, so one cache per (snapshot, flow readout) serves both lists.
 */
@Component
public class StagedReadout {

    /** @param unusable staged key (namespaced {@code ns/name} or cluster {@code name}) → why it cannot be staged */
    public record View(Map<String, NodeFirewallStatus> statuses, FlowReadout readout, StagedVerdicts.Judged judged,
                       Map<String, String> unusable) {
    }

    private record JudgedCache(ClusterSnapshot snapshot, FlowReadout readout, StagedVerdicts.Judged judged) {
    }

    private final LiveCluster cluster;
    private final FlowSource flows;
    private volatile JudgedCache judged;

    public StagedReadout(LiveCluster cluster, FlowSource flows) {
        this.cluster = cluster;
        this.flows = flows;
    }

    /** @param unusableReasons the cluster state's reasons, each "Kind key (resourceVersion …) …" */
    public View read(ClusterSnapshot s, List<String> unusableReasons) {
        FlowReadout readout = flows.read();
        JudgedCache c = judged;
        if (c == null || c.snapshot() != s || c.readout() != readout) {
            c = new JudgedCache(s, readout, StagedVerdicts.judge(s, readout));
            judged = c;
        }
        Map<String, String> unusable = new TreeMap<>();
        for (String reason : unusableReasons) {
            String[] words = reason.split(" ", 3);
            if (words.length > 1) {
                unusable.put(words[1], reason);
            }
        }
        return new View(cluster.nodeStatuses(), readout, c.judged(), unusable);
    }

    /** The first {@link StagedPolicyDetail#MAX_FLOWS} of {@code flows}, what a detail page shows. */
    static <T> List<T> firstFlows(List<T> flows) {
        return flows.size() > StagedPolicyDetail.MAX_FLOWS ? flows.subList(0, StagedPolicyDetail.MAX_FLOWS) : flows;
    }
}
