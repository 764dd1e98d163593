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

    PreviewController(PreviewService previews, DraftSession draft, PushService push) {
        this.previews = previews;
        this.draft = draft;
        this.push = push;
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

    @PostMapping(value = "/api/v1/preview", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<Preview> api(@RequestBody(required = false) String body) {
        Preview p = previews.preview(body);
        return ResponseEntity.status(p.errors().isEmpty() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(p);
    }
}
