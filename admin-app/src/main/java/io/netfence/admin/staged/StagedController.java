package io.netfence.admin.staged;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftSession;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.admin.paging.ItemList;
import io.netfence.admin.paging.PageRequest;
import io.netfence.admin.push.PushResults;
import io.netfence.admin.security.CurrentActor;
import io.netfence.engine.snapshot.StagedPolicyConverter;
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

import java.util.List;
import java.util.Map;

/**
 * The Staged policies pages and API: list, detail (would-deny per node, the observed flows it would deny), Enforce
 * (promotion through the push pipeline, Post/Redirect/Get), the retried delete of a half-done promotion, opening a
 * staged policy in the composer and pushing the composer's draft as staged.
 */
@Controller
class StagedController {

    private final StagedPoliciesService staged;
    private final StagedEnforceService enforce;
    private final StagedPushService push;
    private final PushResults results;
    private final DraftSession draft;
    private final StagedDraftOrigin origin;
    private final LiveCluster cluster;
    private final StagedClusterPoliciesService stagedCluster;

    StagedController(StagedPoliciesService staged, StagedEnforceService enforce, StagedPushService push, PushResults results,
                     DraftSession draft, StagedDraftOrigin origin, LiveCluster cluster, StagedClusterPoliciesService stagedCluster) {
        this.stagedCluster = stagedCluster;
        this.staged = staged;
        this.enforce = enforce;
        this.push = push;
        this.results = results;
        this.draft = draft;
        this.origin = origin;
        this.cluster = cluster;
    }

    @GetMapping("/staged")
    String list(@RequestParam(required = false) String namespace, @RequestParam(required = false) String name,
                @RequestParam(required = false) String limit, @RequestParam(name = "continue", required = false) String continueToken,
                Model model) {
        model.addAttribute("namespace", blankToNull(namespace));
        model.addAttribute("name", blankToNull(name));
        model.addAttribute("namespaces", staged.namespaces());
        model.addAttribute("watched", cluster.stagedPoliciesWatched());
        model.addAttribute("page", staged.list(namespace, name, PageRequest.of(limit, continueToken)));
        // cluster-scoped: listed whole (few by nature), filtered by name only
        model.addAttribute("clusterWatched", cluster.stagedClusterPoliciesWatched());
        model.addAttribute("clusterRows", stagedCluster.list(name));
        return "staged/list";
    }

    @GetMapping("/staged/{namespace}/{name}")
    String detail(@PathVariable String namespace, @PathVariable String name, Model model, HttpServletResponse response) {
        var d = staged.detail(namespace, name);
        if (d.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", namespace + "/" + name);
            return "staged/missing";
        }
        model.addAttribute("d", d.get());
        return "staged/detail";
    }

    @PostMapping("/staged/{namespace}/{name}/enforce")
    RedirectView enforce(@PathVariable String namespace, @PathVariable String name,
                         @RequestParam(required = false) String resourceVersion) {
        return seeOther("/staged/result/" + results.put(enforce.enforce(CurrentActor.get(), namespace, name, resourceVersion, false)));
    }

    @PostMapping("/staged/{namespace}/{name}/delete")
    RedirectView deleteStaged(@PathVariable String namespace, @PathVariable String name,
                              @RequestParam(required = false) String resourceVersion) {
        return seeOther("/staged/result/" + results.put(enforce.deleteStaged(CurrentActor.get(), namespace, name, resourceVersion)));
    }

    @GetMapping("/staged/result/{id}")
    String result(@PathVariable String id, Model model, HttpServletResponse response) {
        var outcome = results.get(id, StagedOutcome.class);
        if (outcome.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "push/expired";
        }
        model.addAttribute("o", outcome.get());
        return outcome.get().namespace() == null ? "staged/cluster-result" : "staged/result";
    }

    /** The staged policy as the session's composer draft; "push as staged" then updates exactly this version. */
    @GetMapping("/staged/{namespace}/{name}/edit")
    RedirectView edit(@PathVariable String namespace, @PathVariable String name) {
        var stored = cluster.stagedPolicy(namespace, name);
        if (stored.isEmpty()) {
            return seeOther("/staged/" + namespace + "/" + name);
        }
        var np = StagedPolicyConverter.asNetworkPolicy(stored.get());
        np.getMetadata().setResourceVersion(null);
        np.getMetadata().setLabels(stored.get().getMetadata().getLabels());
        np.getMetadata().setAnnotations(stored.get().getMetadata().getAnnotations());
        // a new NetworkPolicy draft (applying it creates the NetworkPolicy); its staged origin is kept beside it
        draft.startNew(DraftYaml.toYaml(DraftYaml.toForm(np)));
        origin.set(new StagedRef(namespace, name, stored.get().getMetadata().getResourceVersion()), draft);
        return seeOther("/composer");
    }

    /** The session's draft pushed as a StagedNetworkPolicy (create, or update of the staged version it was opened from). */
    @PostMapping("/staged/push")
    RedirectView pushDraft() {
        String text = draft.yaml() == null ? "" : draft.yaml();
        StagedRef from = origin.get(draft);
        StagedPushService.Plan plan = push.plan(text, from);
        StagedOutcome o = push.push(CurrentActor.get(), text, plan.startedFrom(), false);
        if (o.status() == StagedOutcome.Status.CREATED || o.status() == StagedOutcome.Status.UPDATED) {
            // pushing again updates the version just written
            origin.set(new StagedRef(o.namespace(), o.name(), o.stagedResourceVersion()), draft);
        }
        return seeOther("/staged/result/" + results.put(o));
    }

    @GetMapping("/api/v1/stagednetworkpolicies")
    @ResponseBody
    ItemList<StagedPolicyRow> apiList(@RequestParam(required = false) String namespace, @RequestParam(required = false) String name,
                                      @RequestParam(required = false) String limit,
                                      @RequestParam(name = "continue", required = false) String continueToken) {
        return ItemList.of("StagedNetworkPolicyList", staged.list(namespace, name, PageRequest.of(limit, continueToken)));
    }

    @GetMapping("/api/v1/stagednetworkpolicies/{namespace}/{name}")
    @ResponseBody
    ResponseEntity<?> apiDetail(@PathVariable String namespace, @PathVariable String name) {
        return staged.detail(namespace, name).<ResponseEntity<?>>map(d -> ResponseEntity.ok(StagedDetailJson.of(d)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors", List.of(Map.of("path", "metadata.name",
                        "message", "no StagedNetworkPolicy " + namespace + "/" + name + " in the cluster")))));
    }

    /** A NetworkPolicy or StagedNetworkPolicy manifest: without metadata.resourceVersion created, with it that version updated. */
    @PostMapping(value = "/api/v1/stagednetworkpolicies", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml", "application/x-yaml",
            MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<StagedOutcome> apiPush(@RequestBody(required = false) String body, @RequestParam(defaultValue = "false") boolean dryRun) {
        String text = StagedText.asNetworkPolicyText(body == null ? "" : body);
        StagedPushService.Plan plan = push.plan(text, null);
        String base = plan.readable() ? resourceVersionOf(text) : null;
        StagedOutcome o = push.push(CurrentActor.get(), text, base, dryRun);
        return ResponseEntity.status(o.httpStatus()).body(o);
    }

    @PostMapping("/api/v1/stagednetworkpolicies/{namespace}/{name}/enforce")
    @ResponseBody
    ResponseEntity<StagedOutcome> apiEnforce(@PathVariable String namespace, @PathVariable String name,
                                             @RequestParam(required = false) String resourceVersion,
                                             @RequestParam(defaultValue = "false") boolean dryRun) {
        StagedOutcome o = enforce.enforce(CurrentActor.get(), namespace, name, resourceVersion, dryRun);
        return ResponseEntity.status(o.httpStatus()).body(o);
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/stagednetworkpolicies/{namespace}/{name}")
    @ResponseBody
    ResponseEntity<StagedOutcome> apiDelete(@PathVariable String namespace, @PathVariable String name,
                                            @RequestParam(required = false) String resourceVersion) {
        StagedOutcome o = enforce.deleteStaged(CurrentActor.get(), namespace, name, resourceVersion);
        return ResponseEntity.status(o.status() == StagedOutcome.Status.INVALID ? 422 : o.httpStatus()).body(o);
    }

    private String resourceVersionOf(String text) {
        var a = push.analyze(text);
        String rv = a == null || a.getMetadata() == null ? null : a.getMetadata().getResourceVersion();
        return rv == null || rv.isBlank() ? null : rv.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static RedirectView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return view;
    }
}
