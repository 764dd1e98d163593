package io.netfence.admin.nodes;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Enforced on X of Y nodes" for a stored policy. Y: the nodes hosting a pod the policy selects that the compiler gives
 * rules ({@link NodeRulesetCompiler#hasRulesFor}): the nodes whose agents must run its rules, and the only ones whose
 * ruleset it can change (PolicyNodesTest in the engine compiles with and without policies to check); X: those of them
 * whose agent reports the console's current hash, which includes the policy.
 * <p>
 * Until this was worked out without compiling, Y was the nodes whose ruleset changes when the policy is removed, each
 * candidate compiled twice: seconds per policy at 10,000 pods, done in the background for every policy a list showed,
 * which took a core away from every page for a minute (and called a deny-all policy that another policy made redundant
 * "selects no pod").
 */
@Service
public class PolicyEnforcement {

    private record Cache(ClusterSnapshot snapshot, Map<String, List<String>> nodesByPolicy) {
    }

    private final LiveCluster cluster;
    private final NodeStates states;
    private volatile Cache cache = new Cache(null, Map.of());

    public PolicyEnforcement(LiveCluster cluster, NodeStates states) {
        this.cluster = cluster;
        this.states = states;
    }

    public Enforcement of(String namespace, String name) {
        return of(namespace, name, nodeStates());
    }

    /**
     * The enforcement; {@code wait} is no longer needed (the nodes are worked out on the spot, from the policy's namespace
     * only) and kept for the pages that once had to wait for a compile.
     */
    public Optional<Enforcement> ofWithin(String namespace, String name, java.time.Duration wait) {
        return Optional.of(of(namespace, name));
    }

    /** Policies of the live cluster that some node they change does not enforce yet (or reports an error for). */
    public int notFullyEnforced() {
        Map<String, NodeState> byNode = nodeStates();
        return (int) cluster.snapshot().policies().stream().filter(p -> !of(p.namespace(), p.name(), byNode).complete()).count();
    }

    /**
     * The enforcement of each of {@code policies} ({@code namespace/name} keys), against one reading of the nodes' states:
     * a list page's rows (reading the states per row classified every node 100 times).
     */
    public Map<String, Enforcement> of(java.util.Collection<String> policies) {
        Map<String, NodeState> byNode = nodeStates();
        Map<String, Enforcement> out = new java.util.HashMap<>();
        for (String key : policies) {
            String[] parts = key.split("/", 2);
            out.put(key, of(parts[0], parts[1], byNode));
        }
        return out;
    }

    private Map<String, NodeState> nodeStates() {
        return states.stateByNode();
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
        return cache(s).nodesByPolicy().computeIfAbsent(namespace + "/" + name, k -> compute(s, namespace, name));
    }

    private synchronized Cache cache(ClusterSnapshot s) {
        Cache c = cache;
        if (c.snapshot() != s) {
            c = new Cache(s, new ConcurrentHashMap<>());
            cache = c;
        }
        return c;
    }

    private static List<String> compute(ClusterSnapshot s, String namespace, String name) {
        var policy = s.policy(namespace, name);
        if (policy.isEmpty()) {
            return List.of();
        }
        java.util.SortedSet<String> nodes = new java.util.TreeSet<>();
        for (PodInfo p : s.podsInNamespace(namespace)) {
            if (p.nodeName() != null && !nodes.contains(p.nodeName()) && NodeRulesetCompiler.hasRulesFor(p) && policy.get().selects(p)
                    && s.node(p.nodeName()).isPresent()) {
                nodes.add(p.nodeName());
            }
        }
        return List.copyOf(nodes);
    }
}
