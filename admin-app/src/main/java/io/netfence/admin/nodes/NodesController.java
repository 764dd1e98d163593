package io.netfence.admin.nodes;

import io.netfence.admin.paging.ItemList;
import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;
import io.netfence.engine.compile.IpFamily;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;

/** The nodes page, one node's page with its ruleset (and a download), and their JSON. */
@Controller
class NodesController {

    private final NodeStates states;
    private final NodeDetails details;

    private final int inlineScriptChars;

    NodesController(NodeStates states, NodeDetails details,
                    @org.springframework.beans.factory.annotation.Value("${netfence.console.nodes.inline-script-chars:65536}") int inlineScriptChars) {
        this.states = states;
        this.details = details;
        this.inlineScriptChars = inlineScriptChars;
    }

    @GetMapping("/nodes")
    String page(@RequestParam(required = false) String state, @RequestParam(required = false) String limit,
                @RequestParam(name = "continue", required = false) String continueToken, Model model) {
        List<NodeStatus> all = states.all();
        NodeState filter = parse(state);
        Page<NodeStatus> page = page(all, filter, PageRequest.of(limit, continueToken));
        model.addAttribute("counts", states.counts(all));
        model.addAttribute("total", all.size());
        model.addAttribute("filter", filter);
        model.addAttribute("page", page);
        model.addAttribute("nodes", page.items());
        model.addAttribute("heartbeat", states.heartbeat());
        return "nodes/nodes";
    }

    @GetMapping("/nodes/{name}")
    String node(@PathVariable String name, Model model, HttpServletResponse response) {
        var detail = details.of(name);
        if (detail.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", name);
            return "nodes/missing";
        }
        model.addAttribute("d", detail.get());
        model.addAttribute("consoleCompilerVersion", io.netfence.engine.compile.NodeRulesetCompiler.VERSION);
        return "nodes/node";
    }

    /** The ruleset as one file: ipset restore input, then iptables-restore (and ip6tables-restore) input. */
    @GetMapping(value = "/nodes/{name}/ruleset.txt")
    ResponseEntity<String> download(@PathVariable String name) {
        return details.of(name).map(d -> ResponseEntity.ok()
                        .contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename(d.node().name() + "-ruleset.txt").build().toString())
                        .body(d.ruleset()))
                .orElse(ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).body("no node " + name + "\n"));
    }

    @GetMapping("/api/v1/nodes")
    @ResponseBody
    ItemList<NodeStatus> api(@RequestParam(required = false) String state, @RequestParam(required = false) String limit,
                             @RequestParam(name = "continue", required = false) String continueToken) {
        return ItemList.of("NodeStatusList", page(states.all(), parse(state), PageRequest.of(limit, continueToken)));
    }

    /** Nodes in a state (all: null), by name. */
    private static Page<NodeStatus> page(List<NodeStatus> all, NodeState filter, PageRequest request) {
        List<NodeStatus> matching = all.stream().filter(n -> filter == null || n.state() == filter)
                .sorted(java.util.Comparator.comparing(NodeStatus::name)).toList();
        return request.page(matching, NodeStatus::name);
    }

    /** The node with one page of its pods and its scripts inlined only when small ({@link NodeJson}). */
    @GetMapping("/api/v1/nodes/{name}")
    @ResponseBody
    ResponseEntity<?> apiNode(@PathVariable String name, @RequestParam(required = false) String limit,
                              @RequestParam(name = "continue", required = false) String continueToken) {
        PageRequest pods = PageRequest.of(limit, continueToken);
        return details.of(name).<ResponseEntity<?>>map(d -> ResponseEntity.ok(NodeJson.of(d, pods, inlineScriptChars)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(noNode(name)));
    }

    /** One complete script of the node as text ({@code part}: ruleset, ipset, iptables or ip6tables). */
    @GetMapping(value = "/api/v1/nodes/{name}/{part}", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    ResponseEntity<String> apiScript(@PathVariable String name, @PathVariable String part) {
        if (!List.of("ruleset", "ipset", "iptables", "ip6tables").contains(part)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body("part: \"" + part + "\" is not ruleset, ipset, iptables or ip6tables\n");
        }
        return details.ruleset(name).map(r -> ResponseEntity.ok(switch (part) {
                    case "ruleset" -> r.ipsetRestore() + r.iptablesRestore() + (r.uses(IpFamily.IPV6) ? r.ip6tablesRestore() : "");
                    case "ipset" -> r.ipsetRestore();
                    case "iptables" -> r.iptablesRestore();
                    default -> r.uses(IpFamily.IPV6) ? r.ip6tablesRestore() : "";
                }))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body("name: there is no node \"" + name + "\" in the cluster\n"));
    }

    private static java.util.Map<String, Object> noNode(String name) {
        return java.util.Map.of("errors", List.of(java.util.Map.of("path", "metadata.name", "message", "no node " + name)));
    }

    private static NodeState parse(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        for (NodeState s : NodeState.values()) {
            if (s.name().equalsIgnoreCase(state.replace(' ', '_').replace('-', '_'))) {
                return s;
            }
        }
        return null;
    }
}
