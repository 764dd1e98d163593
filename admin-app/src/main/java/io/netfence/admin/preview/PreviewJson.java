package io.netfence.admin.preview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netfence.admin.audit.PolicyDiff;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.admin.paging.ListMetadata;
import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;
import io.netfence.admin.policies.PolicyDetailJson;
import io.netfence.admin.traffic.TrafficImpact;
import io.netfence.engine.compile.RulesetStats;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/preview}: the preview summarised so that its size does not grow with the cluster. The changed nodes
 * page like a Kubernetes list ({@code metadata}: {@code continue}, {@code remainingItemCount}, {@code totalItemCount});
 * each node's diff lists at most {@value #MAX_CHANGES} chains and sets and {@value #MAX_LINES} rules or members per
 * list (with the exact counts); a node's complete diff and its complete scripts are behind the links of each node
 * ({@code url}, {@code scripts}: POST the same draft there). At 10,000 pods one node's scripts are over a megabyte: they
 * are inlined only up to {@code netfence.console.preview.inline-script-chars} characters for the three together.
 */
public record PreviewJson(String policy, List<DraftAnalysis.Problem> errors, ListMetadata metadata, List<Node> changedNodes,
                          List<String> unchangedNodes, long computeMillis, PolicyDiff policyDiff, PolicyDetailJson.Resolved selects,
                          TrafficImpact traffic) {

    /** Chain changes and set changes listed per node (each). */
    public static final int MAX_CHANGES = 100;
    /** Rules and members listed per changed chain or set (each direction). */
    public static final int MAX_LINES = 200;
    /** Changed nodes per page unless {@code limit} says otherwise. */
    public static final int DEFAULT_NODES = 10;

    /**
     * One changed node. {@code scriptsInline}: whether {@code ipsetRestore}, {@code iptablesRestore} and
     * {@code ip6tablesRestore} hold the complete scripts (else they are absent: fetch {@code scripts}).
     *
     * @param url     the node's complete diff ({@code POST} the draft)
     * @param scripts {@code ipset}, {@code iptables}, {@code ip6tables}: each complete script as text ({@code POST} the draft)
     */
    public record Node(String node, String agentHash, String currentHash, String draftHash, RulesetStats before, RulesetStats after,
                       Diff diff, boolean scriptsInline,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String ipsetRestore,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String iptablesRestore,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String ip6tablesRestore,
                       String url, Map<String, String> scripts) {
    }

    /**
     * A node's diff, possibly shortened: {@code chainCount}/{@code setCount} are the exact numbers of changed chains and
     * sets, each list holds the first of them.
     */
    public record Diff(int chainCount, List<ChainChange> chains, int setCount, List<SetChange> sets, Map<String, String> legend) {
    }

    public record ChainChange(String family, String chain, RulesetDiff.Change change, int addedRuleCount, List<String> addedRules,
                              int removedRuleCount, List<String> removedRules, boolean reordered) {
    }

    public record SetChange(String set, String type, RulesetDiff.Change change, int addedMemberCount, List<String> addedMembers,
                            int removedMemberCount, List<String> removedMembers) {
    }

    /** One page of the preview's changed nodes, each summarised; {@code inlineScriptChars}: see the class comment. */
    static PreviewJson of(Preview p, PageRequest nodes, int inlineScriptChars) {
        if (!p.errors().isEmpty()) {
            return new PreviewJson(p.policy(), p.errors(), null, List.of(), p.unchangedNodes(), p.computeMillis(), p.policyDiff(), null,
                    p.traffic());
        }
        Page<Preview.NodePreview> page = nodes.page(p.changedNodes().stream()
                .sorted(java.util.Comparator.comparing(Preview.NodePreview::node)).toList(), Preview.NodePreview::node);
        return new PreviewJson(p.policy(), p.errors(), ListMetadata.of(page),
                page.items().stream().map(n -> node(n, MAX_CHANGES, MAX_LINES, inlineScriptChars)).toList(), p.unchangedNodes(),
                p.computeMillis(), p.policyDiff(), p.selects() == null ? null : PolicyDetailJson.summary(p.selects(), false), p.traffic());
    }

    /** One node with at most {@code maxChanges} chain and set changes and {@code maxLines} rules or members per list. */
    static Node node(Preview.NodePreview n, int maxChanges, int maxLines, int inlineScriptChars) {
        // a ruleset keeps no script text: rendered only when inlined (the size is known without rendering)
        boolean inline = n.ruleset().scriptChars() <= inlineScriptChars;
        String ipset = inline ? n.ipsetRestore() : null;
        String iptables = inline ? n.iptablesRestore() : null;
        String ip6 = inline ? (n.ip6tablesRestore() == null ? "" : n.ip6tablesRestore()) : null;
        RulesetDiff d = n.diff();
        Diff diff = new Diff(d.chains().size(), first(d.chains(), maxChanges).stream().map(c -> new ChainChange(c.family(), c.chain(),
                c.change(), c.addedRules().size(), first(c.addedRules(), maxLines), c.removedRules().size(), first(c.removedRules(), maxLines),
                c.reordered())).toList(),
                d.sets().size(), first(d.sets(), maxChanges).stream().map(s -> new SetChange(s.set(), s.type(), s.change(),
                        s.addedMembers().size(), first(s.addedMembers(), maxLines), s.removedMembers().size(),
                        first(s.removedMembers(), maxLines))).toList(),
                d.legend());
        String base = UriComponentsBuilder.fromPath("/api/v1/preview/nodes/{node}").buildAndExpand(n.node()).encode().toUriString();
        Map<String, String> scripts = new LinkedHashMap<>();
        scripts.put("ipset", base + "/ipset");
        scripts.put("iptables", base + "/iptables");
        if (n.ruleset().ip6tablesChars() > 0) {
            scripts.put("ip6tables", base + "/ip6tables");
        }
        return new Node(n.node(), n.agentHash(), n.currentHash(), n.draftHash(), n.before(), n.after(), diff, inline,
                ipset, iptables, ip6, base, scripts);
    }

    private static <T> List<T> first(List<T> list, int max) {
        return list.size() <= max ? list : List.copyOf(list.subList(0, max));
    }
}
