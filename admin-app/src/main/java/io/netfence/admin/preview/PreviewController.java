package io.netfence.admin.preview;

import io.netfence.admin.composer.DraftSession;
import io.netfence.admin.push.PolicyRef;
import io.netfence.admin.push.PushService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

/** The preview of the session's draft; pushing it is the push pipeline's ({@code POST /preview/apply} in push). */
@Controller
class PreviewController {

    private final PreviewService previews;
    private final DraftSession draft;
    private final PushService push;
    private final io.netfence.admin.composer.DraftAnalyzer analyzer;
    private final io.netfence.admin.cluster.LiveCluster cluster;
    private final int inlineScriptChars;

    PreviewController(PreviewService previews, DraftSession draft, PushService push, io.netfence.admin.composer.DraftAnalyzer analyzer,
                      io.netfence.admin.cluster.LiveCluster cluster,
                      @org.springframework.beans.factory.annotation.Value("${netfence.console.preview.inline-script-chars:65536}") int inlineScriptChars) {
        this.previews = previews;
        this.draft = draft;
        this.push = push;
        this.analyzer = analyzer;
        this.cluster = cluster;
        this.inlineScriptChars = inlineScriptChars;
    }

    @GetMapping("/preview")
    String page(Model model) {
        model.addAttribute("hasDraft", draft.present());
        if (draft.present()) {
            model.addAttribute("preview", previews.preview(draft.yaml()));
            DraftSession.StartedFrom s = draft.startedFrom();
            model.addAttribute("plan", push.plan(draft.yaml(), s == null ? null : new PolicyRef(s.namespace(), s.name(), s.resourceVersion())));
        }
        return "preview/preview";
    }

    /**
     * One node's complete script with the session's draft ({@code part}: ipset, iptables or ip6tables), as text: the page
     * inlines only the start of each (at 10,000 pods a node's scripts are megabytes, times every changed node).
     */
    @GetMapping(value = "/preview/nodes/{node}/{part}", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    ResponseEntity<String> script(@org.springframework.web.bind.annotation.PathVariable String node,
                                  @org.springframework.web.bind.annotation.PathVariable String part) {
        if (!java.util.List.of("ipset", "iptables", "ip6tables").contains(part)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("part: \"" + part + "\" is not ipset, iptables or ip6tables\n");
        }
        if (!draft.present()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("There is no draft in this session: compose one first.\n");
        }
        return previews.draftRuleset(draft.yaml(), node).map(r -> ResponseEntity.ok(switch (part) {
                    case "ipset" -> r.ipsetRestore();
                    case "iptables" -> r.iptablesRestore();
                    default -> r.ip6tablesRestore() == null ? "" : r.ip6tablesRestore();
                }))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body("No script: the draft is not a valid NetworkPolicy, or there is no node \"" + node + "\".\n"));
    }

    /** The preview of the draft in the body, its changed nodes paged and summarised ({@link PreviewJson}). */
    @PostMapping(value = "/api/v1/preview", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<PreviewJson> api(@RequestBody(required = false) String body,
                                    @org.springframework.web.bind.annotation.RequestParam(required = false) String limit,
                                    @org.springframework.web.bind.annotation.RequestParam(name = "continue", required = false) String continueToken) {
        io.netfence.admin.paging.PageRequest nodes = io.netfence.admin.paging.PageRequest.of(limit, continueToken, PreviewJson.DEFAULT_NODES);
        Preview p = previews.preview(body);
        return ResponseEntity.status(p.errors().isEmpty() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT)
                .body(PreviewJson.of(p, nodes, inlineScriptChars));
    }

    /** One node with the draft in the body: its complete diff (every chain, rule, set and member); 404 for no such node. */
    @PostMapping(value = "/api/v1/preview/nodes/{node}", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<?> apiNode(@org.springframework.web.bind.annotation.PathVariable String node, @RequestBody(required = false) String body) {
        Preview invalid = invalid(body);
        if (invalid != null) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(java.util.Map.of("errors", invalid.errors()));
        }
        return previews.nodePreview(body, node).<ResponseEntity<?>>map(n -> ResponseEntity.ok(
                        PreviewJson.node(n, Integer.MAX_VALUE, Integer.MAX_VALUE, inlineScriptChars)))
                .orElseGet(() -> noNode(node));
    }

    /** One node's complete script with the draft in the body ({@code part}: ipset, iptables or ip6tables), as text. */
    @PostMapping(value = "/api/v1/preview/nodes/{node}/{part}", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE},
            produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    ResponseEntity<String> apiScript(@org.springframework.web.bind.annotation.PathVariable String node,
                                     @org.springframework.web.bind.annotation.PathVariable String part, @RequestBody(required = false) String body) {
        if (!java.util.List.of("ipset", "iptables", "ip6tables").contains(part)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("part: \"" + part + "\" is not ipset, iptables or ip6tables\n");
        }
        Preview invalid = invalid(body);
        if (invalid != null) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(invalid.errors().stream()
                    .map(e -> (e.path() == null ? "" : e.path() + ": ") + e.message() + "\n").collect(java.util.stream.Collectors.joining()));
        }
        return previews.draftRuleset(body, node).map(r -> ResponseEntity.ok(switch (part) {
                    case "ipset" -> r.ipsetRestore();
                    case "iptables" -> r.iptablesRestore();
                    default -> r.ip6tablesRestore() == null ? "" : r.ip6tablesRestore();
                }))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body("node: there is no node \"" + node + "\" in the cluster\n"));
    }

    /** The draft's errors when it is not a valid NetworkPolicy (null when valid); analyses are cached per cluster state. */
    private Preview invalid(String body) {
        var analysis = analyzer.analyze(body, cluster.snapshot());
        return analysis.valid() ? null : new Preview(null, analysis.errors(), java.util.List.of(), java.util.List.of(), 0, null, null, null);
    }

    private static ResponseEntity<?> noNode(String node) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(java.util.Map.of("errors", java.util.List.of(java.util.Map.of("path", "node",
                "message", "there is no node \"" + node + "\" in the cluster"))));
    }
}
