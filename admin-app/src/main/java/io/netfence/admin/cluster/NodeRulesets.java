package io.netfence.admin.cluster;

import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Per-node rulesets of the live snapshot, compiled with the same engine call the node agent and
 * {@code node-agent render} use, and kept until the snapshot changes.
 */
@Component
public class NodeRulesets {

    private record Cache(ClusterSnapshot snapshot, Map<String, NodeRuleset> rulesets) {
    }

    private final LiveCluster cluster;
    private final NodeRulesetCompiler compiler;
    private volatile Cache cache = new Cache(null, Map.of());

    public NodeRulesets(LiveCluster cluster, NodeRulesetCompiler compiler) {
        this.cluster = cluster;
        this.compiler = compiler;
    }

    /** The ruleset node {@code nodeName} should enforce now. */
    public NodeRuleset current(String nodeName) {
        NodeRuleset r = currentAll().get(nodeName);
        return r != null ? r : compiler.compile(cluster.snapshot(), nodeName);
    }

    /** Every node's ruleset for the live snapshot, by node name. */
    public Map<String, NodeRuleset> currentAll() {
        ClusterSnapshot s = cluster.snapshot();
        Cache c = cache;
        if (c.snapshot() != s) {
            c = new Cache(s, compiler.compileAll(s));
            cache = c;
        }
        return c.rulesets();
    }

    /**
     * The rulesets of {@code nodes} in {@code snapshot}: from the cache when it holds that snapshot, else those nodes only
     * are compiled (a preview needs its candidate nodes, not all of them, when the cluster just changed).
     */
    public Map<String, NodeRuleset> of(ClusterSnapshot snapshot, java.util.Collection<String> nodes) {
        Cache c = cache;
        if (c.snapshot() == snapshot) {
            return c.rulesets();
        }
        return compiler.compileNodes(snapshot, nodes);
    }

    /** Every node's ruleset in any snapshot (e.g. with a draft policy), uncached. */
    public Map<String, NodeRuleset> compileAll(ClusterSnapshot snapshot) {
        return compiler.compileAll(snapshot);
    }
}
