package io.netfence.admin.preview;

import io.netfence.admin.composer.DraftSession;
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

    PreviewController(PreviewService previews, DraftSession draft) {
        this.previews = previews;
        this.draft = draft;
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
