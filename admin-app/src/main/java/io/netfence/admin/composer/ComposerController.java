package io.netfence.admin.composer;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

@Controller
class ComposerController {

    /** Larger files are refused before reading (the multipart limits in application.yaml stop larger requests). */
    static final long MAX_UPLOAD_BYTES = DraftAnalyzer.MAX_DRAFT_BYTES;
    /** Tomcat's default limit for form bodies (server.tomcat.max-http-form-post-size). */
    static final long MAX_FORM_BYTES = 2L * 1024 * 1024;

    private final LiveCluster cluster;
    private final DraftAnalyzer analyzer;
    private final DraftSession draft;

    ComposerController(LiveCluster cluster, DraftAnalyzer analyzer, DraftSession draft) {
        this.cluster = cluster;
        this.analyzer = analyzer;
        this.draft = draft;
    }

    @GetMapping("/composer")
    String page(@RequestParam(required = false) String template, @RequestParam(required = false) String namespace,
                @RequestParam(required = false) String from, @RequestParam(required = false) String edit,
                @RequestParam(required = false) String uploadError, Model model) {
        String notice = null;
        String yaml;
        if (template != null && !template.isBlank()) {
            var form = DraftTemplates.create(template, namespace, from);
            yaml = form.map(DraftYaml::toYaml).orElse(draft.yaml());
            notice = form.isPresent() ? null : "There is no template \"" + template + "\".";
            if (form.isPresent()) {
                draft.startNew(yaml);
            }
        } else if (edit != null && !edit.isBlank()) {
            String[] parts = edit.split("/", 2);
            var stored = parts.length == 2 ? cluster.networkPolicy(parts[0], parts[1]) : java.util.Optional.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy>empty();
            yaml = stored.map(np -> DraftYaml.toYaml(DraftYaml.toForm(np))).orElse(draft.yaml());
            notice = stored.isPresent() ? null : "There is no NetworkPolicy \"" + edit + "\" to edit.";
            // the version the user starts from goes with the draft: a push updates exactly it, or reports a conflict
            if (stored.isPresent()) {
                draft.startEditing(yaml, new DraftSession.StartedFrom(parts[0], parts[1], stored.get().getMetadata().getResourceVersion(), yaml));
            }
        } else if (draft.present() && (namespace == null || namespace.isBlank())) {
            yaml = draft.yaml();
        } else {
            // a namespace without a template ("New policy" from a namespace's list) starts an empty draft there
            DraftForm empty = new DraftForm();
            empty.setNamespace(namespace == null ? "" : namespace);
            yaml = DraftYaml.toYaml(empty);
            draft.startNew(yaml);
            // nothing typed yet: the problems of an empty form show after the first edit, not as a wall of red
            model.addAttribute("pristine", true);
        }
        if (uploadError != null) {
            notice = "The file was not loaded: it is larger than " + (MAX_UPLOAD_BYTES / 1024) + " KiB. A NetworkPolicy manifest is a few kB; upload one policy at a time.";
        }
        // "Allow from a namespace" offers every live namespace; the ingress controller's is only the first guess
        model.addAttribute("templateFrom", from != null && !from.isBlank() ? from : DraftTemplates.DEFAULT_FROM_NAMESPACE);
        return full(yaml, notice, model, namespace);
    }

    @PostMapping("/composer/upload")
    String upload(@RequestPart(name = "file", required = false) MultipartFile file, Model model) throws IOException {
        if (file == null || file.isEmpty()) {
            return full(draft.yaml(), "Choose a file to upload (YAML or JSON of one NetworkPolicy).", model, null);
        }
        if (file.getSize() > MAX_UPLOAD_BYTES) {
            return full(draft.yaml(), "The file was not loaded: \"" + file.getOriginalFilename() + "\" has " + file.getSize()
                    + " bytes, the limit is " + MAX_UPLOAD_BYTES + " bytes. A NetworkPolicy manifest is a few kB; upload one policy at a time.", model, null);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file.getBytes())).toString();
        } catch (CharacterCodingException e) {
            return full(draft.yaml(), "The file was not loaded: \"" + file.getOriginalFilename() + "\" is not UTF-8 text (YAML or JSON expected).", model, null);
        }
        // an uploaded manifest stands alone: with metadata.resourceVersion it updates exactly that version, without it creates
        draft.startNew(text);
        return full(text, "Loaded \"" + file.getOriginalFilename() + "\".", model, null);
    }

    private String full(String yaml, String notice, Model model, String namespace) {
        if (!model.containsAttribute("templateFrom")) {
            model.addAttribute("templateFrom", DraftTemplates.DEFAULT_FROM_NAMESPACE);
        }
        String text = yaml == null ? "" : yaml;
        draft.update(text);
        ClusterSnapshot s = cluster.snapshot();
        DraftAnalysis analysis = analyzer.analyze(text, s).withApiServerRejections(draft.rejections().stream()
                .map(r -> new DraftAnalysis.Problem(r.path(), "The API server refused it: " + r.message(), lineOf(text, r.path()))).toList());
        DraftForm form = analysis.readable() ? DraftYaml.toForm(analysis.networkPolicy()) : new DraftForm();
        model.addAttribute("yaml", text);
        model.addAttribute("form", form);
        model.addAttribute("formReadable", analysis.readable());
        model.addAttribute("analysis", analysis);
        model.addAttribute("notice", notice);
        model.addAttribute("suggest", LabelSuggestions.of(s));
        model.addAttribute("templates", DraftTemplates.ALL);
        model.addAttribute("templateNamespace", namespace != null && !namespace.isBlank() ? namespace
                : analysis.readable() && analysis.networkPolicy().getMetadata() != null ? analysis.networkPolicy().getMetadata().getNamespace() : null);
        return "composer/composer";
    }

    /** The YAML line of a field the API server named (0 when unknown). */
    private static int lineOf(String text, String path) {
        try {
            var objects = ManifestParser.withDefaults().parse(text).objects();
            return path == null || objects.isEmpty() ? 0 : objects.get(0).locationOf(path).line();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The form changed: new YAML, new analysis (add/remove buttons also re-render the form). */
    @PostMapping("/composer/form")
    String formChanged(@ModelAttribute("form") DraftForm form, @RequestParam(required = false) String action, Model model) {
        FormEdit.apply(form, action);
        String yaml = DraftYaml.toYaml(form);
        draft.update(yaml);
        ClusterSnapshot s = cluster.snapshot();
        model.addAttribute("yaml", yaml);
        model.addAttribute("analysis", analyzer.analyze(yaml, s));
        model.addAttribute("suggest", LabelSuggestions.of(s));
        model.addAttribute("formReadable", true);
        return action == null || action.isBlank() ? "composer/responses :: afterForm" : "composer/responses :: afterEdit";
    }

    /** The YAML changed: new analysis, and the form redrawn from it when it could be read. */
    @PostMapping("/composer/yaml")
    String yamlChanged(Model model, jakarta.servlet.http.HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_FORM_BYTES) {
            // checked before reading parameters: Tomcat refuses to parse a form body over its limit (413 without a message)
            model.addAttribute("analysis", DraftAnalysis.failed(java.util.List.of(new DraftAnalysis.Problem(null,
                    "The text is larger than " + (MAX_FORM_BYTES / 1024 / 1024) + " MB and was not read; a NetworkPolicy is a few kB.", 0)), null));
            model.addAttribute("formReadable", false);
            return "composer/responses :: afterYaml";
        }
        String yaml = request.getParameter("yaml") == null ? "" : request.getParameter("yaml");
        draft.update(yaml);
        ClusterSnapshot s = cluster.snapshot();
        DraftAnalysis analysis = analyzer.analyze(yaml, s);
        model.addAttribute("analysis", analysis);
        model.addAttribute("formReadable", analysis.readable());
        if (analysis.readable()) {
            model.addAttribute("form", DraftYaml.toForm(analysis.networkPolicy()));
            model.addAttribute("suggest", LabelSuggestions.of(s));
        }
        return "composer/responses :: afterYaml";
    }

    @PostMapping(value = "/api/v1/drafts/analyze", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<DraftAnalysis> analyze(@RequestBody(required = false) String body) {
        DraftAnalysis a = analyzer.analyze(body, cluster.snapshot());
        return ResponseEntity.status(a.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(a);
    }
}
