package io.netfence.admin.nodes;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Enforced on X of Y nodes" for a stored policy. Y: the nodes whose ruleset changes when the policy is removed (as the
 * delete preview compares them: compiled with and without it), kept per snapshot so a page view compiles nothing once
 * known; X: those of them whose agent reports the console's current hash.
 * <p>
 * Only nodes hosting a pod the policy selects are compiled: a node's ruleset holds the rules (and peer sets) of the
 * policies selecting its local pods and nothing else, so no other node can change (PolicyEnforcementTest checks this
 * against compiling every node).
 */
@Service
public class PolicyEnforcement {

    private record Cache(ClusterSnapshot snapshot, Map<String, List<String>> nodesByPolicy,
                         Map<String, java.util.concurrent.CompletableFuture<Void>> pending) {
    }

    private final java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "policy-enforcement");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    private final LiveCluster cluster;
    private final io.netfence.admin.cluster.NodeRulesets rulesets;
    private final io.netfence.engine.compile.NodeRulesetCompiler compiler;
    private final NodeStates states;
    private volatile Cache cache = new Cache(null, Map.of(), Map.of());

    public PolicyEnforcement(LiveCluster cluster, io.netfence.admin.cluster.NodeRulesets rulesets,
                             io.netfence.engine.compile.NodeRulesetCompiler compiler, NodeStates states) {
        this.cluster = cluster;
        this.rulesets = rulesets;
        this.compiler = compiler;
        this.states = states;
    }

    public Enforcement of(String namespace, String name) {
        return of(namespace, name, nodeStates());
    }

    /**
     * The enforcement when the policy's nodes are known for the current snapshot within {@code wait}; otherwise empty, and
     * they are worked out in the background (one low-priority thread). Pages use this instead of compiling nodes for
     * every policy shown while the user waits (at 10,000 pods that takes seconds per policy); the API uses {@link #of}.
     */
    public Optional<Enforcement> ofWithin(String namespace, String name, java.time.Duration wait) {
        ClusterSnapshot s = cluster.snapshot();
        Cache c = cache(s);
        String key = namespace + "/" + name;
        if (!c.nodesByPolicy().containsKey(key)) {
            var pending = c.pending().computeIfAbsent(key, k -> java.util.concurrent.CompletableFuture.runAsync(() -> {
                if (cache == c) {
                    affectedNodes(namespace, name);
                }
            }, background));
            try {
                pending.get(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (java.util.concurrent.ExecutionException e) {
                return Optional.empty();
            }
            if (!c.nodesByPolicy().containsKey(key)) {
                return Optional.empty();
            }
        }
        return Optional.of(of(namespace, name, nodeStates()));
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
        return cache(s).nodesByPolicy().computeIfAbsent(namespace + "/" + name, k -> compute(s, namespace, name));
    }

    private synchronized Cache cache(ClusterSnapshot s) {
        Cache c = cache;
        if (c.snapshot() != s) {
            c = new Cache(s, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
            cache = c;
        }
        return c;
    }

    private List<String> compute(ClusterSnapshot s, String namespace, String name) {
        var policy = s.policy(namespace, name);
        if (policy.isEmpty()) {
            return List.of();
        }
        java.util.SortedSet<String> candidates = new java.util.TreeSet<>();
        s.podsInNamespace(namespace).stream().filter(p -> p.selectable() && p.nodeName() != null && policy.get().selects(p)).forEach(p -> candidates.add(p.nodeName()));
        Map<String, io.netfence.engine.compile.NodeRuleset> now = s == cluster.snapshot() ? rulesets.currentAll() : rulesets.compileAll(s);
        // the candidates share one resolution of peers to pods (compiling them one by one resolved it per node)
        Map<String, io.netfence.engine.compile.NodeRuleset> without = compiler.compileNodes(s.withoutPolicy(namespace, name), candidates);
        List<String> out = new ArrayList<>();
        for (String node : candidates) {
            var current = now.get(node);
            if (current != null && !current.hash().equals(without.get(node).hash())) {
                out.add(node);
            }
        }
        return out;
    }
}
