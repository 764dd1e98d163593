package io.netfence.admin.preview;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.composer.DraftSession;
import io.netfence.admin.policies.PolicyApplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
class PreviewController {

    private final PreviewService previews;
    private final DraftSession draft;
    private final DraftAnalyzer analyzer;
    private final PolicyApplier applier;
    private final LiveCluster cluster;

    PreviewController(PreviewService previews, DraftSession draft, DraftAnalyzer analyzer, PolicyApplier applier, LiveCluster cluster) {
        this.previews = previews;
        this.draft = draft;
        this.analyzer = analyzer;
        this.applier = applier;
        this.cluster = cluster;
    }

    /** Pushes the session's draft (create, or update with the last seen resourceVersion), then shows the outcome. */
    @PostMapping("/preview/apply")
    String apply(Model model) {
        PolicyApplier.Result result;
        DraftAnalysis a = analyzer.analyze(draft.yaml(), cluster.snapshot());
        if (!a.valid()) {
            result = new PolicyApplier.Result(PolicyApplier.Outcome.REJECTED, null, "The draft is not a valid NetworkPolicy; nothing was written.");
        } else {
            result = applier.apply(a.networkPolicy());
        }
        model.addAttribute("applied", result);
        return page(model);
    }

    /** Creates or updates the NetworkPolicy in the body (YAML or JSON), after the same validation as the composer. */
    // no text/plain here: a cross-site form can send text/plain without a CORS preflight
    @PostMapping(value = "/api/v1/policies", consumes = {"application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<?> applyApi(@RequestBody(required = false) String body) {
        DraftAnalysis a = analyzer.analyze(body, cluster.snapshot());
        if (!a.valid()) {
            return ResponseEntity.unprocessableContent().body(a);
        }
        PolicyApplier.Result r = applier.apply(a.networkPolicy());
        HttpStatus status = switch (r.outcome()) {
            case CREATED -> HttpStatus.CREATED;
            case UPDATED -> HttpStatus.OK;
            case CONFLICT -> HttpStatus.CONFLICT;
            case REJECTED -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        return ResponseEntity.status(status).body(r);
    }

    @GetMapping("/preview")
    String page(Model model) {
        model.addAttribute("hasDraft", draft.present());
        if (draft.present()) {
            model.addAttribute("preview", previews.preview(draft.yaml()));
        }
        return "preview/preview";
    }

    @PostMapping(value = "/api/v1/preview", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<Preview> api(@RequestBody(required = false) String body) {
        Preview p = previews.preview(body);
        return ResponseEntity.status(p.errors().isEmpty() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(p);
    }
}
