package io.netfence.admin.cluster;

import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-node rulesets of the live snapshot, compiled with the same engine call the node agent and
 * {@code node-agent render} use, and kept until the snapshot changes.
 */
@Component
public class NodeRulesets {

    private final LiveCluster cluster;
    private final NodeRulesetCompiler compiler;
    private record Cache(ClusterSnapshot snapshot, Map<String, NodeRuleset> rulesets) {
    }

    private volatile Cache cache = new Cache(null, Map.of());

    public NodeRulesets(LiveCluster cluster, NodeRulesetCompiler compiler) {
        this.cluster = cluster;
        this.compiler = compiler;
    }

    /** The ruleset node {@code nodeName} should enforce now. */
    public NodeRuleset current(String nodeName) {
        ClusterSnapshot s = cluster.snapshot();
        Cache c = cache;
        if (c.snapshot() != s) {
            c = new Cache(s, new ConcurrentHashMap<>());
            cache = c;
        }
        return c.rulesets().computeIfAbsent(nodeName, n -> compiler.compile(s, n));
    }

    /** The ruleset of a node in any snapshot (e.g. with a draft policy), uncached. */
    public NodeRuleset compile(ClusterSnapshot snapshot, String nodeName) {
        return compiler.compile(snapshot, nodeName);
    }
}
