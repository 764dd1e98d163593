package io.netfence.admin.preview;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.NodeRulesets;
import io.netfence.admin.audit.PolicyDiff;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Service
public class PreviewService {

    private final LiveCluster cluster;
    private final NodeRulesets rulesets;
    private final DraftAnalyzer analyzer;

    private final io.netfence.engine.compile.NodeRulesetCompiler compiler;
    private final io.netfence.admin.traffic.FlowImpact flowImpact;
    private final DraftRulesets drafts;

    public PreviewService(LiveCluster cluster, NodeRulesets rulesets, DraftAnalyzer analyzer,
                          io.netfence.engine.compile.NodeRulesetCompiler compiler, io.netfence.admin.traffic.FlowImpact flowImpact,
                          DraftRulesets drafts) {
        this.compiler = compiler;
        this.drafts = drafts;
        this.flowImpact = flowImpact;
        this.cluster = cluster;
        this.rulesets = rulesets;
        this.analyzer = analyzer;
    }

    public Preview preview(String draftYaml) {
        long started = System.nanoTime();
        ClusterSnapshot current = cluster.snapshot();
        DraftAnalysis draft = analyzer.analyze(draftYaml, current);
        if (!draft.valid()) {
            return new Preview(null, draft.errors(), List.of(), List.of(), millisSince(started), null, null, null);
        }
        var meta = draft.networkPolicy().getMetadata();
        return preview(current, draft, started).withSelects(draft.resolved())
                .withTraffic(flowImpact.impact(current, current.withPolicy(draft.policy())))
                .withPolicyDiff(PolicyDiff.between(cluster.networkPolicy(meta.getNamespace(), meta.getName()).orElse(null), draft.networkPolicy()));
    }

    /** The preview of an analysed, valid draft against {@code current} (also used by the benchmark). */
    Preview preview(ClusterSnapshot current, DraftAnalysis draft, long started) {
        return compare(current, current.withPolicy(draft.policy()), draft.policy().key(), started);
    }

    /** What deleting the stored policy would change on every node (the cluster previewed without it). */
    public Preview previewDelete(String namespace, String name) {
        long started = System.nanoTime();
        ClusterSnapshot current = cluster.snapshot();
        ClusterSnapshot after = current.withoutPolicy(namespace, name);
        return compare(current, after, namespace + "/" + name, started)
                .withTraffic(flowImpact.impact(current, after))
                .withPolicyDiff(PolicyDiff.between(cluster.networkPolicy(namespace, name).orElse(null), null));
    }

    /**
     * What changes between two versions of one policy, each put into the current cluster in place of the stored one
     * (the conflict page: their change from the version the user started from, and the user's over theirs).
     * Empty when either is not a valid NetworkPolicy.
     */
    public java.util.Optional<Change> between(String fromYaml, String toYaml) {
        long started = System.nanoTime();
        ClusterSnapshot current = cluster.snapshot();
        DraftAnalysis from = analyzer.analyze(fromYaml, current);
        DraftAnalysis to = analyzer.analyze(toYaml, current);
        if (!from.valid() || !to.valid()) {
            return java.util.Optional.empty();
        }
        ClusterSnapshot before = current.withPolicy(from.policy());
        ClusterSnapshot after = current.withPolicy(to.policy());
        List<MatrixImpact.Probe> probes = new ArrayList<>(MatrixImpact.probes(from.networkPolicy()));
        MatrixImpact.probes(to.networkPolicy()).stream().filter(p -> !probes.contains(p)).forEach(probes::add);
        return java.util.Optional.of(new Change(compare(before, after, to.policy().key(), started),
                MatrixImpact.between(before, after, to.policy().namespace(), probes)));
    }

    /** Nodes whose rules change and connectivity cells that change. */
    public record Change(Preview nodes, List<MatrixImpact.CellChange> cells) {
    }

    /** The ruleset node {@code node} would get with the draft (empty when the draft is not valid or there is no such node). */
    public java.util.Optional<NodeRuleset> draftRuleset(String draftYaml, String node) {
        return nodePreview(draftYaml, node).map(Preview.NodePreview::ruleset);
    }

    /**
     * One node with the draft, compared with what it should enforce now (an unchanged node has an empty diff); empty when
     * the draft is not valid or there is no such node. Compiles that node only, unless the last preview of this draft in
     * this cluster state compiled it already (the page's and the API's per-node links follow a preview).
     */
    public java.util.Optional<Preview.NodePreview> nodePreview(String draftYaml, String node) {
        ClusterSnapshot current = cluster.snapshot();
        DraftAnalysis draft = analyzer.analyze(draftYaml, current);
        if (!draft.valid() || current.node(node).isEmpty()) {
            return java.util.Optional.empty();
        }
        ClusterSnapshot after = current.withPolicy(draft.policy());
        String key = draft.policy().key();
        java.util.Set<String> one = java.util.Set.of(node);
        NodeRuleset now = afterRulesets(current, after, key, one).get(node);
        NodeRuleset before = rulesets.of(current, one).get(node);
        return java.util.Optional.of(nodePreview(node, before, now));
    }

    /** Connectivity cells that the draft changes (pods of the cluster, the ports its rules name). */
    public List<MatrixImpact.CellChange> matrixChanges(String draftYaml) {
        ClusterSnapshot current = cluster.snapshot();
        DraftAnalysis draft = analyzer.analyze(draftYaml, current);
        if (!draft.valid()) {
            return List.of();
        }
        return MatrixImpact.between(current, current.withPolicy(draft.policy()), draft.policy().namespace(),
                MatrixImpact.probes(draft.networkPolicy()));
    }

    /** Connectivity cells that deleting the stored policy changes. */
    public List<MatrixImpact.CellChange> matrixChangesOfDelete(String namespace, String name) {
        ClusterSnapshot current = cluster.snapshot();
        return MatrixImpact.between(current, current.withoutPolicy(namespace, name), namespace,
                MatrixImpact.probes(cluster.networkPolicy(namespace, name).orElse(null)));
    }

    /** Nodes hosting a selectable pod that the policy {@code key} of {@code s} selects. */
    private static java.util.Set<String> hosting(ClusterSnapshot s, String key) {
        java.util.Set<String> nodes = new java.util.TreeSet<>();
        String[] parts = key.split("/", 2);
        s.policy(parts[0], parts[1]).ifPresent(p -> s.podsInNamespace(p.namespace()).stream()
                .filter(pod -> pod.selectable() && pod.nodeName() != null && p.selects(pod)).forEach(pod -> nodes.add(pod.nodeName())));
        return nodes;
    }

    private Preview compare(ClusterSnapshot current, ClusterSnapshot after, String policy, long started) {
        // a node's ruleset holds the rules and peer sets of the policies selecting its local pods only (see
        // PolicyEnforcement): only nodes hosting a pod the policy selects before or after can change
        java.util.Set<String> candidates = hosting(current, policy);
        candidates.addAll(hosting(after, policy));
        if (samePolicy(current, after, policy)) {
            // the two states differ in this policy only (see the callers), and not in it: every ruleset is the same
            candidates.clear();
        }
        return diff(current, candidates, afterRulesets(current, after, policy, candidates), policy, started);
    }

    /**
     * The last compile of a draft: {@code current} with policy {@code policy} replaced by {@code version} (or removed),
     * compiled on {@code nodes}. Previewing a draft and then opening a node's diff or scripts asks for the same rulesets.
     */
    private record DraftCompile(ClusterSnapshot current, String policy, java.util.Optional<io.netfence.engine.model.Policy> version,
                                Map<String, NodeRuleset> nodes) {
    }

    private volatile DraftCompile lastCompile;

    /** {@code nodes} compiled in {@code after}, which is {@code current} with policy {@code policy} changed (nothing else). */
    private Map<String, NodeRuleset> afterRulesets(ClusterSnapshot current, ClusterSnapshot after, String policy,
                                                   java.util.Set<String> nodes) {
        if (nodes.isEmpty()) {
            return Map.of();
        }
        String[] parts = policy.split("/", 2);
        var version = after.policy(parts[0], parts[1]);
        DraftCompile last = lastCompile;
        if (last != null && last.current() == current && last.policy().equals(policy) && last.version().equals(version)
                && last.nodes().keySet().containsAll(nodes)) {
            return last.nodes();
        }
        // the live state: each node's incremental model recompiles only the draft's chains and sets; another state (the
        // conflict page's "theirs") is compiled in full rather than moving the models away from the live state
        boolean live = current == cluster.snapshot();
        Map<String, NodeRuleset> compiled = live ? drafts.compile(current, policy, version, nodes) : compiler.compileNodes(after, nodes);
        if (live) {
            lastCompile = new DraftCompile(current, policy, version, compiled);
        }
        return compiled;
    }

    /**
     * The rules of {@code candidates} compiled in {@code after} and diffed against {@code current} (every other node is
     * listed as unchanged without compiling it); also the ClusterNetworkPolicy preview's.
     *
     * @param policy what the preview is of, as the page names it
     */
    public Preview compareOn(ClusterSnapshot current, ClusterSnapshot after, java.util.Set<String> candidates, String policy, long started) {
        return diff(current, candidates, candidates.isEmpty() ? Map.of() : compiler.compileNodes(after, candidates), policy, started);
    }

    private Preview diff(ClusterSnapshot current, java.util.Set<String> candidates, Map<String, NodeRuleset> afterCandidates,
                         String policy, long started) {
        List<Preview.NodePreview> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        // the cached rulesets of the live state when they are there, else only the candidates (not all nodes)
        Map<String, NodeRuleset> beforeAll = candidates.isEmpty() ? Map.of() : rulesets.of(current, candidates);
        for (NodeInfo node : current.nodes()) {
            if (!candidates.contains(node.name())) {
                unchanged.add(node.name());
                continue;
            }
            NodeRuleset before = beforeAll.get(node.name());
            NodeRuleset now = afterCandidates.get(node.name());
            if (before.hash().equals(now.hash())) {
                unchanged.add(node.name());
                continue;
            }
            changed.add(nodePreview(node.name(), before, now));
        }
        return new Preview(policy, List.of(), changed, unchanged, millisSince(started), null, null, null);
    }

    private Preview.NodePreview nodePreview(String node, NodeRuleset before, NodeRuleset now) {
        NodeFirewallStatus st = cluster.nodeStatuses().get(node);
        return new Preview.NodePreview(node, st == null ? null : st.rulesetHash(), before.hash(), now.hash(), before.stats(), now.stats(),
                RulesetDiff.between(before, now), now);
    }

    /** Whether policy {@code key} is the same in both states (e.g. a draft opened for editing and not changed yet). */
    static boolean samePolicy(ClusterSnapshot a, ClusterSnapshot b, String key) {
        String[] parts = key.split("/", 2);
        return a.policy(parts[0], parts[1]).equals(b.policy(parts[0], parts[1]));
    }

    public static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
