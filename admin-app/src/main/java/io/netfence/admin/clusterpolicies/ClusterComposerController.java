package io.netfence.admin.clusterpolicies;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftAnalysis.Problem;
import io.netfence.admin.composer.FormEdit;
import io.netfence.admin.composer.LabelSuggestions;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.snapshot.ClusterSnapshot;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/**
 * The ClusterNetworkPolicy composer: a form for the common fields and the YAML, each following the other (htmx), with
 * the analysis (CRD validation at the field, lint, what subject and peers match) after every edit.
 */
@Controller
class ClusterComposerController {

    static final String FORM_ACTION = "/composer/cluster/form";

    private final LiveCluster cluster;
    private final ClusterDraftAnalyzer analyzer;
    private final ClusterDraftSession draft;

    ClusterComposerController(LiveCluster cluster, ClusterDraftAnalyzer analyzer, ClusterDraftSession draft) {
        this.cluster = cluster;
        this.analyzer = analyzer;
        this.draft = draft;
    }

    @GetMapping("/composer/cluster")
    String page(@RequestParam(required = false) String template, @RequestParam(required = false) String tenant,
                @RequestParam(required = false) String edit, Model model) {
        String notice = null;
        String yaml;
        if (template != null && !template.isBlank()) {
            var form = ClusterDraftTemplates.create(template, tenant);
            yaml = form.map(ClusterDraftYaml::toYaml).orElse(draft.yaml());
            if (form.isPresent()) {
                draft.startNew(yaml);
            } else {
                notice = "There is no template \"" + template + "\".";
            }
        } else if (edit != null && !edit.isBlank()) {
            var stored = cluster.clusterNetworkPolicy(edit);
            yaml = stored.map(ClusterDraftYaml::editYaml).orElse(draft.yaml());
            if (stored.isPresent()) {
                // the version the user starts from goes with the draft: a push updates exactly it, or reports a conflict
                draft.startEditing(yaml, new ClusterDraftSession.StartedFrom(edit, stored.get().getMetadata().getResourceVersion()));
            } else {
                notice = "There is no ClusterNetworkPolicy \"" + edit + "\" to edit.";
            }
        } else if (draft.present()) {
            yaml = draft.yaml();
        } else {
            ClusterDraftForm empty = new ClusterDraftForm();
            empty.getIngress().add(new ClusterDraftForm.RuleForm());
            empty.getIngress().get(0).getPeers().add(new ClusterDraftForm.PeerForm());
            yaml = ClusterDraftYaml.toYaml(empty);
            draft.startNew(yaml);
            model.addAttribute("pristine", true);
        }
        draft.update(yaml);
        ClusterSnapshot s = cluster.snapshot();
        ClusterDraftAnalysis analysis = analyzer.analyze(yaml, s).withApiServerRejections(draft.rejections().stream()
                .map(r -> new Problem(r.path(), "The API server refused it: " + r.message(), lineOf(yaml, r.path()))).toList());
        model.addAttribute("yaml", yaml);
        model.addAttribute("form", analysis.readable() ? ClusterDraftYaml.toForm(analysis.object()) : new ClusterDraftForm());
        model.addAttribute("formReadable", analysis.readable());
        model.addAttribute("analysis", analysis);
        model.addAttribute("notice", notice);
        model.addAttribute("templates", ClusterDraftTemplates.ALL);
        model.addAttribute("tenants", tenants(s));
        model.addAttribute("tenant", tenant == null || tenant.isBlank() ? ClusterDraftTemplates.DEFAULT_TENANT : tenant);
        common(model, s);
        return "clusterpolicies/composer";
    }

    /** The form changed (or an add/remove button): new YAML and analysis. */
    @PostMapping(FORM_ACTION)
    String formChanged(@ModelAttribute("form") ClusterDraftForm form, @RequestParam(required = false) String action, Model model) {
        FormEdit.apply(form, action, ClusterDraftForm::newElement);
        String yaml = ClusterDraftYaml.toYaml(form);
        draft.update(yaml);
        ClusterSnapshot s = cluster.snapshot();
        model.addAttribute("yaml", yaml);
        model.addAttribute("analysis", analyzer.analyze(yaml, s));
        model.addAttribute("formReadable", true);
        common(model, s);
        return action == null || action.isBlank() ? "clusterpolicies/responses :: afterForm" : "clusterpolicies/responses :: afterEdit";
    }

    /** The YAML changed: new analysis, and the form redrawn from it when it could be read. */
    @PostMapping("/composer/cluster/yaml")
    String yamlChanged(Model model, HttpServletRequest request) {
        String yaml = request.getParameter("yaml") == null ? "" : request.getParameter("yaml");
        draft.update(yaml);
        ClusterSnapshot s = cluster.snapshot();
        ClusterDraftAnalysis analysis = analyzer.analyze(yaml, s);
        model.addAttribute("analysis", analysis);
        model.addAttribute("formReadable", analysis.readable());
        if (analysis.readable()) {
            model.addAttribute("form", ClusterDraftYaml.toForm(analysis.object()));
        }
        common(model, s);
        return "clusterpolicies/responses :: afterYaml";
    }

    private static void common(Model model, ClusterSnapshot s) {
        model.addAttribute("suggest", LabelSuggestions.of(s));
        // the shared selector fragment's add/remove buttons post here instead of the NetworkPolicy composer
        model.addAttribute("formAction", FORM_ACTION);
    }

    /** Values of the tenant label in the cluster, for "Deny tenant namespaces to each other". */
    private static List<String> tenants(ClusterSnapshot s) {
        return s.namespaces().stream().map(n -> n.labels().get(ClusterDraftTemplates.TENANT_LABEL)).filter(v -> v != null && !v.isBlank())
                .distinct().sorted().toList();
    }

    private static int lineOf(String text, String path) {
        try {
            var objects = ManifestParser.withDefaults().parse(text).objects();
            return path == null || objects.isEmpty() ? 0 : objects.get(0).locationOf(path).line();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
