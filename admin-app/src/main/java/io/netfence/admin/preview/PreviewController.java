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

    @PostMapping(value = "/api/v1/preview", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    @ResponseBody
    ResponseEntity<Preview> api(@RequestBody(required = false) String body) {
        Preview p = previews.preview(body);
        return ResponseEntity.status(p.errors().isEmpty() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(p);
    }
}
