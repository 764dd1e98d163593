package io.netfence.admin.nodes;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.preview.Preview;
import io.netfence.admin.preview.PreviewService;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Enforced on X of Y nodes" for a stored policy. Y: the nodes whose ruleset changes when the policy is removed (the
 * delete preview: every node compiled with and without it), kept per snapshot so a page view compiles nothing once
 * known; X: those of them whose agent reports the console's current hash.
 */
@Service
public class PolicyEnforcement {

    private record Cache(ClusterSnapshot snapshot, Map<String, List<String>> nodesByPolicy) {
    }

    private final LiveCluster cluster;
    private final PreviewService previews;
    private final NodeStates states;
    private volatile Cache cache = new Cache(null, Map.of());

    public PolicyEnforcement(LiveCluster cluster, PreviewService previews, NodeStates states) {
        this.cluster = cluster;
        this.previews = previews;
        this.states = states;
    }

    public Enforcement of(String namespace, String name) {
        return of(namespace, name, nodeStates());
    }

    /** Policies of the live cluster that some node they change does not enforce yet (or reports an error for). */
    public int notFullyEnforced() {
        Map<String, NodeState> byNode = nodeStates();
        return (int) cluster.snapshot().policies().stream().filter(p -> !of(p.namespace(), p.name(), byNode).complete()).count();
    }

    private Map<String, NodeState> nodeStates() {
        Map<String, NodeState> byNode = new java.util.HashMap<>();
        states.all().forEach(n -> byNode.put(n.name(), n.state()));
        return byNode;
    }

    private Enforcement of(String namespace, String name, Map<String, NodeState> byNode) {
        List<String> nodes = affectedNodes(namespace, name);
        int enforced = 0;
        List<String> pending = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String node : nodes) {
            NodeState s = byNode.getOrDefault(node, NodeState.NO_AGENT);
            if (s == NodeState.IN_SYNC) {
                enforced++;
            } else if (s == NodeState.ERROR) {
                errors.add(node);
            } else {
                pending.add(node);
            }
        }
        return new Enforcement(nodes.size(), enforced, pending, errors);
    }

    /** Nodes whose ruleset the stored policy changes (sorted). */
    public List<String> affectedNodes(String namespace, String name) {
        ClusterSnapshot s = cluster.snapshot();
        Cache c = cache;
        if (c.snapshot() != s) {
            c = new Cache(s, new ConcurrentHashMap<>());
            cache = c;
        }
        return c.nodesByPolicy().computeIfAbsent(namespace + "/" + name, k -> {
            Preview p = previews.previewDelete(namespace, name);
            return p.changedNodes().stream().map(Preview.NodePreview::node).sorted().toList();
        });
    }
}
