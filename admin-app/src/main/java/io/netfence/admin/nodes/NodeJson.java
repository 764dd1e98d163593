package io.netfence.admin.nodes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.netfence.admin.paging.ListMetadata;
import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/nodes/{name}}: the node's status fields at the top level, its local pods paged like a Kubernetes
 * list ({@code metadata} is the pods' {@code continue}/{@code remainingItemCount}/{@code totalItemCount}), and its
 * ruleset. At 10,000 pods a node's scripts are megabytes: they are inlined only when the three together are at most
 * {@code netfence.console.nodes.inline-script-chars} characters ({@code scriptsInline}); {@code scripts} always links
 * each complete script as text, so a script reads everything either way.
 *
 * @param scripts {@code ruleset} (the three in one, as {@code node-agent render} writes them), {@code ipset},
 *                {@code iptables}, {@code ip6tables} (only when the node has IPv6 rules): each a {@code GET} of text
 */
public record NodeJson(@JsonUnwrapped NodeStatus node, boolean scriptsInline,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String ruleset,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String ipsetRestore,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String iptablesRestore,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String ip6tablesRestore,
                       Map<String, String> scripts, ListMetadata metadata, List<NodeDetail.LocalPod> pods) {

    /** One page of the node's pods (by namespace and name) and its scripts, inlined up to {@code inlineScriptChars}. */
    static NodeJson of(NodeDetail d, PageRequest pods, int inlineScriptChars) {
        String ipset = d.ipsetRestore();
        String iptables = d.iptablesRestore();
        String ip6 = d.ip6tablesRestore();
        boolean inline = (long) ipset.length() + iptables.length() + (ip6 == null ? 0 : ip6.length()) <= inlineScriptChars;
        String base = UriComponentsBuilder.fromPath("/api/v1/nodes/{name}").buildAndExpand(d.node().name()).encode().toUriString();
        Map<String, String> scripts = new LinkedHashMap<>();
        scripts.put("ruleset", base + "/ruleset");
        scripts.put("ipset", base + "/ipset");
        scripts.put("iptables", base + "/iptables");
        if (ip6 != null) {
            scripts.put("ip6tables", base + "/ip6tables");
        }
        Page<NodeDetail.LocalPod> page = pods.page(d.pods().stream()
                .sorted(java.util.Comparator.comparing(NodeJson::key)).toList(), NodeJson::key);
        return new NodeJson(d.node(), inline, inline ? d.ruleset() : null, inline ? ipset : null, inline ? iptables : null,
                inline ? ip6 : null, scripts, ListMetadata.of(page), page.items());
    }

    private static String key(NodeDetail.LocalPod p) {
        return PageRequest.key(p.namespace(), p.name());
    }
}
