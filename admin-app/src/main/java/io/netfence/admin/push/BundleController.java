package io.netfence.admin.push;

import io.netfence.admin.security.CurrentActor;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.view.RedirectView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bundles: several NetworkPolicies in one multi-document YAML, from the page or {@code POST /api/v1/bundles}. */
@Controller
class BundleController {

    private final BundleService bundles;
    private final PushResults results;

    private final io.netfence.admin.cluster.LiveCluster cluster;
    private final io.netfence.admin.nodes.ConvergenceTracker convergence;

    BundleController(BundleService bundles, PushResults results, io.netfence.admin.cluster.LiveCluster cluster,
                     io.netfence.admin.nodes.ConvergenceTracker convergence) {
        this.cluster = cluster;
        this.convergence = convergence;
        this.bundles = bundles;
        this.results = results;
    }

    @GetMapping("/bundles")
    String page() {
        return "push/bundle";
    }

    @PostMapping("/bundles")
    RedirectView push(@RequestParam(defaultValue = "") String yaml, @RequestParam(defaultValue = "false") boolean dryRun) {
        var before = cluster.snapshot();
        var pushedAt = java.time.Instant.now();
        BundleOutcome o = bundles.push(CurrentActor.get(), yaml, dryRun);
        String id = results.put(o);
        var written = o.items().stream().filter(i -> i.state() == BundleOutcome.State.WRITTEN).map(BundleOutcome.Item::outcome).toList();
        if (!written.isEmpty()) {
            results.track(id, convergence.start(before, written, pushedAt));
        }
        return PushController.seeOther("/bundles/result/" + id);
    }

    @GetMapping("/bundles/result/{id}")
    String result(@PathVariable String id, Model model, HttpServletResponse response) {
        var o = results.bundle(id);
        if (o.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "push/expired";
        }
        model.addAttribute("b", o.get());
        model.addAttribute("id", id);
        results.convergence(id).ifPresent(c -> model.addAttribute("convergence", convergence.progress(c)));
        return "push/bundle-result";
    }

    @PostMapping(value = "/api/v1/bundles", consumes = {"application/yaml", "application/x-yaml"})
    @ResponseBody
    ResponseEntity<Map<String, Object>> api(@RequestBody(required = false) String body, @RequestParam(defaultValue = "false") boolean dryRun) {
        BundleOutcome o = bundles.push(CurrentActor.get(), body, dryRun);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", o.status().name());
        out.put("message", o.message());
        out.put("written", o.written());
        List<Map<String, Object>> items = o.items().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("document", i.document());
            m.put("line", i.line());
            m.put("namespace", i.outcome().namespace());
            m.put("name", i.outcome().name());
            m.put("verb", i.outcome().verb() == null ? null : i.outcome().verb().name());
            m.put("state", i.state().name());
            m.put("message", i.outcome().message());
            m.put("errors", i.outcome().errors());
            if (i.state() == BundleOutcome.State.WRITTEN) {
                m.put("resourceVersion", i.outcome().currentResourceVersion());
            }
            if (i.outcome().status() == PushOutcome.Status.CONFLICT) {
                m.put("currentResourceVersion", i.outcome().currentResourceVersion());
            }
            return m;
        }).toList();
        out.put("items", items);
        // errors of the whole request, path = the document and field, as every API error
        List<FieldProblem> errors = o.items().stream().flatMap(i -> i.outcome().errors().stream()
                .map(e -> new FieldProblem("documents[" + (i.document() - 1) + "]" + (e.path() == null ? "" : "." + e.path()), e.message()))).toList();
        if (!errors.isEmpty() || (o.status() == BundleOutcome.Status.REFUSED && o.items().isEmpty())) {
            out.put("errors", errors.isEmpty() ? List.of(new FieldProblem(null, o.message())) : errors);
        }
        HttpStatus status = switch (o.status()) {
            case WRITTEN, DRY_RUN_OK -> HttpStatus.OK;
            case PARTIAL -> HttpStatus.BAD_GATEWAY;
            case REFUSED -> o.items().stream().anyMatch(i -> i.state() == BundleOutcome.State.INVALID || i.state() == BundleOutcome.State.DRY_RUN_FAILED)
                    || o.items().isEmpty() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.CONFLICT;
        };
        return ResponseEntity.status(status).body(out);
    }
}
