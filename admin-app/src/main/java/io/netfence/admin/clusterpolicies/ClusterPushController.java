package io.netfence.admin.clusterpolicies;

import io.netfence.admin.push.PushOutcome;
import io.netfence.admin.push.PushResults;
import io.netfence.admin.security.CurrentActor;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The ClusterNetworkPolicy draft's preview, its push, the result page (Post/Redirect/Get: a refresh never writes again)
 * and deletion with its impact shown first.
 */
@Controller
class ClusterPushController {

    private final ClusterPreviewService previews;
    private final ClusterPushService push;
    private final ClusterDraftSession draft;
    private final PushResults results;
    private final io.netfence.admin.cluster.LiveCluster cluster;

    ClusterPushController(ClusterPreviewService previews, ClusterPushService push, ClusterDraftSession draft, PushResults results,
                          io.netfence.admin.cluster.LiveCluster cluster) {
        this.previews = previews;
        this.push = push;
        this.draft = draft;
        this.results = results;
        this.cluster = cluster;
    }

    @GetMapping("/preview/cluster")
    String preview(Model model) {
        model.addAttribute("hasDraft", draft.present());
        if (draft.present()) {
            model.addAttribute("preview", previews.preview(draft.yaml()));
            model.addAttribute("plan", push.plan(draft.yaml(), draft.startedFrom()));
        }
        return "clusterpolicies/preview";
    }

    @PostMapping("/preview/cluster/apply")
    RedirectView apply() {
        ClusterPushOutcome outcome = push.push(CurrentActor.get(), draft.yaml(), draft.startedFrom(), false);
        if (outcome.status() == PushOutcome.Status.INVALID && outcome.verb() != null) {
            // refused by the API server (the console's own validation passed): the composer shows it at the field
            draft.rejectedByApiServer(outcome.errors().stream().map(e -> new ClusterDraftSession.Rejection(e.path(), e.message())).toList());
        }
        if (outcome.status() == PushOutcome.Status.CREATED || outcome.status() == PushOutcome.Status.UPDATED) {
            // the draft now edits the version just written: pushing it again updates that version
            String yaml = ClusterDraftYaml.editYaml(outcome.result());
            draft.startEditing(yaml, new ClusterDraftSession.StartedFrom(outcome.name(), outcome.result().getMetadata().getResourceVersion()));
        }
        return seeOther("/push/cluster-result/" + results.put(outcome));
    }

    @GetMapping("/push/cluster-result/{id}")
    String result(@PathVariable String id, Model model, HttpServletResponse response) {
        var outcome = results.get(id, ClusterPushOutcome.class);
        if (outcome.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "push/expired";
        }
        model.addAttribute("o", outcome.get());
        if (outcome.get().current() != null) {
            model.addAttribute("currentYaml", ClusterDraftYaml.editYaml(outcome.get().current()));
        }
        return "clusterpolicies/result";
    }

    @GetMapping("/clusternetworkpolicies/{name}/delete")
    String confirmDelete(@PathVariable String name, Model model, HttpServletResponse response) {
        var stored = cluster.clusterNetworkPolicy(name);
        if (stored.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", name);
            return "clusterpolicies/missing";
        }
        model.addAttribute("name", name);
        model.addAttribute("resourceVersion", stored.get().getMetadata().getResourceVersion());
        model.addAttribute("preview", previews.previewDelete(name));
        model.addAttribute("yaml", ClusterDraftYaml.editYaml(stored.get()));
        return "clusterpolicies/delete";
    }

    @PostMapping("/clusternetworkpolicies/{name}/delete")
    RedirectView delete(@PathVariable String name, @RequestParam(required = false) String resourceVersion) {
        ClusterPushOutcome outcome = push.delete(CurrentActor.get(), name, resourceVersion, false);
        return seeOther("/push/cluster-result/" + results.put(outcome));
    }

    private static RedirectView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return view;
    }
}
