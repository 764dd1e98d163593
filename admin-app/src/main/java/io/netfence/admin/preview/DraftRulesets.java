package io.netfence.admin.preview;

import io.netfence.engine.compile.IncrementalNodeCompiler;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rulesets of a few nodes with one policy changed, compiled incrementally as the node agent compiles an event: each
 * node keeps an {@link IncrementalNodeCompiler} in step with the live snapshot (its peer sets' members and the chains of
 * every policy stay memoized), the draft is put in, the ruleset assembled, and the stored version put back. Only the
 * draft's chains and sets (and its pods' chains) are built afresh; the result is byte-identical to a full compile of the
 * snapshot with the draft ({@code IncrementalNodeCompilerPropertyTest} in the engine, {@code PreviewIncrementalTest}
 * here). The models of the {@code netfence.console.preview.incremental-nodes} nodes previewed last are kept (each holds
 * the cluster's pods once more, ~2–4 MB at 10,000 pods); a node previewed for the first time pays a full compile.
 */
@Component
public class DraftRulesets {

    private final NodeRulesetCompiler compiler;
    private final int capacity;
    /** Least recently used first. */
    private final LinkedHashMap<String, NodeModel> models = new LinkedHashMap<>(16, 0.75f, true);

    public DraftRulesets(NodeRulesetCompiler compiler, @Value("${netfence.console.preview.incremental-nodes:8}") int capacity) {
        this.compiler = compiler;
        this.capacity = Math.max(1, capacity);
    }

    /** One node's incremental compiler and the snapshot it was last brought to (guarded by itself). */
    private static final class NodeModel {
        final IncrementalNodeCompiler compiler;
        ClusterSnapshot synced;

        NodeModel(IncrementalNodeCompiler compiler) {
            this.compiler = compiler;
        }
    }

    /**
     * {@code nodes} as {@code current} with policy {@code policy} ({@code namespace/name}) replaced by {@code version}
     * (empty: removed) would compile them, in the given order.
     */
    public Map<String, NodeRuleset> compile(ClusterSnapshot current, String policy, Optional<Policy> version, Collection<String> nodes) {
        String[] parts = policy.split("/", 2);
        Optional<Policy> stored = current.policy(parts[0], parts[1]);
        Map<String, NodeRuleset> out = new LinkedHashMap<>();
        for (String node : nodes) {
            NodeModel m = model(node);
            synchronized (m) {
                if (m.synced != current) {
                    m.synced = null; // half-updated if update throws
                    m.compiler.update(current);
                    m.synced = current;
                }
                try {
                    put(m.compiler, parts, version);
                    out.put(node, m.compiler.ruleset());
                } finally {
                    put(m.compiler, parts, stored); // back to the live state: the next preview starts from it
                }
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void put(IncrementalNodeCompiler c, String[] key, Optional<Policy> version) {
        version.ifPresentOrElse(c::upsertPolicy, () -> c.removePolicy(key[0], key[1]));
    }

    private synchronized NodeModel model(String node) {
        NodeModel m = models.computeIfAbsent(node, n -> new NodeModel(new IncrementalNodeCompiler(compiler.options(), n)));
        while (models.size() > capacity) {
            var eldest = models.keySet().iterator().next();
            models.remove(eldest);
        }
        return m;
    }

    /** Nodes whose models are kept (for tests). */
    synchronized java.util.Set<String> kept() {
        return java.util.Set.copyOf(models.keySet());
    }
}
