package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.composer.DraftSession;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.admin.policies.PoliciesService;
import io.netfence.admin.preview.PreviewService;
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
 * The console's push pages: apply the session's draft, the result page (Post/Redirect/Get: a refresh never pushes
 * again), the conflict page with rebase, and delete with its impact shown first.
 */
@Controller
class PushController {

    private final PushService push;
    private final PushResults results;
    private final DraftSession draft;
    private final DraftAnalyzer analyzer;
    private final PreviewService previews;
    private final PoliciesService policies;
    private final LiveCluster cluster;
    private final io.netfence.admin.nodes.ConvergenceTracker convergence;

    PushController(PushService push, PushResults results, DraftSession draft, DraftAnalyzer analyzer, PreviewService previews,
                   PoliciesService policies, LiveCluster cluster, io.netfence.admin.nodes.ConvergenceTracker convergence) {
        this.convergence = convergence;
        this.push = push;
        this.results = results;
        this.draft = draft;
        this.analyzer = analyzer;
        this.previews = previews;
        this.policies = policies;
        this.cluster = cluster;
    }

    @PostMapping("/preview/apply")
    RedirectView apply() {
        var before = cluster.snapshot();
        var pushedAt = java.time.Instant.now();
        PushOutcome outcome = push.push(CurrentActor.get(), draft.yaml(), startedFrom(), false);
        if (outcome.status() == PushOutcome.Status.INVALID && outcome.verb() != null) {
            // refused by the API server (the console's own validation passed): the composer shows it at the field
            draft.rejectedByApiServer(outcome.errors().stream().map(e -> new DraftSession.Rejection(e.path(), e.message())).toList());
        }
        if (outcome.status() == PushOutcome.Status.CREATED || outcome.status() == PushOutcome.Status.UPDATED) {
            // the draft now edits the version just written: pushing it again is an update of that version, not a conflict
            NetworkPolicy written = outcome.result();
            String yaml = DraftYaml.toYaml(DraftYaml.toForm(written));
            draft.startEditing(yaml, new DraftSession.StartedFrom(outcome.namespace(), outcome.name(),
                    written.getMetadata().getResourceVersion(), yaml));
        }
        return seeOther("/push/result/" + put(outcome, before, pushedAt));
    }

    /** Keeps the outcome for its result page and, when something was written, starts following its convergence. */
    private String put(PushOutcome outcome, io.netfence.engine.snapshot.ClusterSnapshot before, java.time.Instant pushedAt) {
        String id = results.put(outcome);
        if (outcome.written()) {
            results.track(id, convergence.start(before, java.util.List.of(outcome), pushedAt));
        }
        return id;
    }

    @GetMapping("/push/result/{id}")
    String result(@PathVariable String id, Model model, HttpServletResponse response) {
        var outcome = results.get(id);
        if (outcome.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "push/expired";
        }
        PushOutcome o = outcome.get();
        model.addAttribute("o", o);
        model.addAttribute("id", id);
        results.convergence(id).ifPresent(c -> model.addAttribute("convergence", convergence.progress(c)));
        if (o.status() == PushOutcome.Status.CONFLICT && o.current() != null) {
            conflict(o, model);
        }
        return "push/result";
    }

    /** Their version, the user's draft, the diff between them and what pushing the user's change over theirs would do. */
    private void conflict(PushOutcome o, Model model) {
        NetworkPolicy current = o.current();
        model.addAttribute("currentYaml", policies.yaml(current));
        if (o.draftYaml() == null) {
            return;
        }
        DraftAnalysis mine = analyzer.analyze(o.draftYaml(), cluster.snapshot());
        if (!mine.valid()) {
            return;
        }
        String theirsEdited = DraftYaml.toYaml(DraftYaml.toForm(current));
        String rebased = DraftYaml.toYaml(DraftYaml.toForm(Rebase.onto(current, base(o), o.draftYaml(), mine.networkPolicy())));
        model.addAttribute("diff", LineDiff.between(theirsEdited, rebased));
        previews.between(theirsEdited, rebased).ifPresent(c -> model.addAttribute("mine", c));
        NetworkPolicy base = base(o);
        if (base != null) {
            previews.between(DraftYaml.toYaml(DraftYaml.toForm(base)), theirsEdited).ifPresent(c -> model.addAttribute("theirs", c));
        }
    }

    /** The user's edits (spec, labels, annotations) on top of the current version, back to the preview: never pushed here. */
    @PostMapping("/push/result/{id}/rebase")
    RedirectView rebase(@PathVariable String id) {
        var outcome = results.get(id).filter(o -> o.status() == PushOutcome.Status.CONFLICT && o.current() != null && o.draftYaml() != null);
        if (outcome.isEmpty()) {
            return seeOther("/push/result/" + id);
        }
        PushOutcome o = outcome.get();
        DraftAnalysis mine = analyzer.analyze(o.draftYaml(), cluster.snapshot());
        if (!mine.readable()) {
            return seeOther("/push/result/" + id);
        }
        String rv = o.current().getMetadata().getResourceVersion();
        NetworkPolicy rebased = Rebase.onto(o.current(), base(o), o.draftYaml(), mine.networkPolicy());
        draft.startEditing(DraftYaml.toYaml(DraftYaml.toForm(rebased)), new DraftSession.StartedFrom(o.namespace(), o.name(), rv,
                DraftYaml.toYaml(DraftYaml.toForm(o.current()))));
        return seeOther("/preview");
    }

    @GetMapping("/policies/{namespace}/{name}/delete")
    String confirmDelete(@PathVariable String namespace, @PathVariable String name, Model model, HttpServletResponse response) {
        var stored = cluster.networkPolicy(namespace, name);
        if (stored.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", namespace + "/" + name);
            return "policies/missing";
        }
        model.addAttribute("namespace", namespace);
        model.addAttribute("name", name);
        model.addAttribute("resourceVersion", stored.get().getMetadata().getResourceVersion());
        model.addAttribute("impact", previews.previewDelete(namespace, name));
        model.addAttribute("cells", previews.matrixChangesOfDelete(namespace, name));
        model.addAttribute("yaml", policies.yaml(stored.get()));
        return "push/delete";
    }

    @PostMapping("/policies/{namespace}/{name}/delete")
    RedirectView delete(@PathVariable String namespace, @PathVariable String name, @RequestParam(required = false) String resourceVersion) {
        var before = cluster.snapshot();
        var pushedAt = java.time.Instant.now();
        PushOutcome outcome = push.delete(CurrentActor.get(), namespace, name, resourceVersion, false);
        return seeOther("/push/result/" + put(outcome, before, pushedAt));
    }

    /** The version the conflicting draft was started from, as the composer showed it; null when the session has none. */
    private NetworkPolicy base(PushOutcome o) {
        DraftSession.StartedFrom s = draft.startedFrom();
        if (s == null || s.yaml() == null || !s.namespace().equals(o.namespace()) || !s.name().equals(o.name())) {
            return null;
        }
        DraftAnalysis a = analyzer.analyze(s.yaml(), cluster.snapshot());
        return a.readable() ? a.networkPolicy() : null;
    }

    private PolicyRef startedFrom() {
        DraftSession.StartedFrom s = draft.startedFrom();
        return s == null ? null : new PolicyRef(s.namespace(), s.name(), s.resourceVersion());
    }

    static RedirectView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return view;
    }
}
