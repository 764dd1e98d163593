package io.netfence.admin.staged;

import io.netfence.admin.clusterpolicies.ClusterDraftSession;
import io.netfence.admin.push.PushResults;
import io.netfence.admin.security.CurrentActor;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.DeleteMapping;
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

import static io.netfence.admin.staged.StagedController.seeOther;

/**
 * The staged ClusterNetworkPolicy pages and API: detail (would-deny per node, the observed flows its Deny rules would
 * deny), Enforce (promotion through the cluster push pipeline, Post/Redirect/Get), the retried delete of a half-done
 * promotion, and the cluster composer's draft pushed as staged. They are listed on the Staged page ({@link StagedController}).
 */
@Controller
class StagedClusterController {

    private final StagedClusterPoliciesService staged;
    private final StagedClusterEnforceService enforce;
    private final StagedClusterPushService push;
    private final PushResults results;
    private final ClusterDraftSession draft;
    private final StagedClusterDraftOrigin origin;
    private final io.netfence.admin.cluster.LiveCluster cluster;

    StagedClusterController(StagedClusterPoliciesService staged, StagedClusterEnforceService enforce, StagedClusterPushService push,
                            PushResults results, ClusterDraftSession draft, StagedClusterDraftOrigin origin,
                            io.netfence.admin.cluster.LiveCluster cluster) {
        this.origin = origin;
        this.cluster = cluster;
        this.staged = staged;
        this.enforce = enforce;
        this.push = push;
        this.results = results;
        this.draft = draft;
    }

    @GetMapping("/staged/cluster/{name}")
    String detail(@PathVariable String name, Model model, HttpServletResponse response) {
        var d = staged.detail(name);
        if (d.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", name);
            return "staged/missing";
        }
        model.addAttribute("d", d.get());
        return "staged/cluster-detail";
    }

    @PostMapping("/staged/cluster/{name}/enforce")
    RedirectView enforce(@PathVariable String name, @RequestParam(required = false) String resourceVersion) {
        return seeOther("/staged/result/" + results.put(enforce.enforce(CurrentActor.get(), name, resourceVersion, false)));
    }

    @PostMapping("/staged/cluster/{name}/delete")
    RedirectView deleteStaged(@PathVariable String name, @RequestParam(required = false) String resourceVersion) {
        return seeOther("/staged/result/" + results.put(enforce.deleteStaged(CurrentActor.get(), name, resourceVersion)));
    }

    /** The staged policy as the session's cluster composer draft; "push as staged" then updates exactly this version. */
    @GetMapping("/staged/cluster/{name}/edit")
    RedirectView edit(@PathVariable String name) {
        var stored = cluster.stagedClusterPolicy(name);
        if (stored.isEmpty()) {
            return seeOther("/staged/cluster/" + name);
        }
        // a new ClusterNetworkPolicy draft (applying it creates the ClusterNetworkPolicy); its staged origin is kept beside it
        draft.startNew(StagedClusterObjects.asClusterNetworkPolicyYaml(stored.get()));
        origin.set(new StagedClusterDraftOrigin.Ref(name, stored.get().getMetadata().getResourceVersion()), draft);
        return seeOther("/composer/cluster");
    }

    /**
     * The cluster composer's draft pushed as a StagedClusterNetworkPolicy: an update of the staged version it was opened
     * from (same name), else a create (never replaces one: a taken name is a conflict).
     */
    @PostMapping("/staged/cluster/push")
    RedirectView pushDraft() {
        String text = draft.yaml() == null ? "" : draft.yaml();
        StagedClusterDraftOrigin.Ref from = origin.get(draft);
        String base = from != null && from.name().equals(push.nameOf(text)) ? from.resourceVersion() : null;
        StagedOutcome o = push.push(CurrentActor.get(), text, base, false);
        if (o.status() == StagedOutcome.Status.CREATED || o.status() == StagedOutcome.Status.UPDATED) {
            origin.set(new StagedClusterDraftOrigin.Ref(o.name(), o.stagedResourceVersion()), draft); // pushing again updates it
        }
        return seeOther("/staged/result/" + results.put(o));
    }

    @GetMapping("/api/v1/stagedclusternetworkpolicies")
    @ResponseBody
    Map<String, Object> apiList(@RequestParam(required = false) String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "StagedClusterNetworkPolicyList");
        out.put("items", staged.list(name));
        return out;
    }

    @GetMapping("/api/v1/stagedclusternetworkpolicies/{name}")
    @ResponseBody
    ResponseEntity<?> apiDetail(@PathVariable String name) {
        return staged.detail(name).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors", List.of(Map.of("path", "metadata.name",
                        "message", "no StagedClusterNetworkPolicy " + name + " in the cluster")))));
    }

    /**
     * A ClusterNetworkPolicy or StagedClusterNetworkPolicy manifest: without metadata.resourceVersion created, with it that
     * version of the staged object updated.
     */
    @PostMapping(value = "/api/v1/stagedclusternetworkpolicies", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml",
            "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<StagedOutcome> apiPush(@RequestBody(required = false) String body, @RequestParam(defaultValue = "false") boolean dryRun) {
        String text = StagedClusterPushService.asClusterNetworkPolicyText(body == null ? "" : body);
        StagedOutcome o = push.push(CurrentActor.get(), text, resourceVersionOf(text), dryRun);
        return ResponseEntity.status(o.httpStatus()).body(o);
    }

    @PostMapping("/api/v1/stagedclusternetworkpolicies/{name}/enforce")
    @ResponseBody
    ResponseEntity<StagedOutcome> apiEnforce(@PathVariable String name, @RequestParam(required = false) String resourceVersion,
                                             @RequestParam(defaultValue = "false") boolean dryRun) {
        StagedOutcome o = enforce.enforce(CurrentActor.get(), name, resourceVersion, dryRun);
        return ResponseEntity.status(o.httpStatus()).body(o);
    }

    @DeleteMapping("/api/v1/stagedclusternetworkpolicies/{name}")
    @ResponseBody
    ResponseEntity<StagedOutcome> apiDelete(@PathVariable String name, @RequestParam(required = false) String resourceVersion) {
        StagedOutcome o = enforce.deleteStaged(CurrentActor.get(), name, resourceVersion);
        return ResponseEntity.status(o.httpStatus()).body(o);
    }

    private static String resourceVersionOf(String text) {
        try {
            var objects = io.netfence.engine.manifest.ManifestParser.withDefaults().parse(text).objects();
            String rv = objects.isEmpty() || objects.get(0).resource().getMetadata() == null ? null
                    : objects.get(0).resource().getMetadata().getResourceVersion();
            return rv == null || rv.isBlank() ? null : rv.strip();
        } catch (RuntimeException e) {
            return null; // unreadable: the push reports why, at its field
        }
    }
}
