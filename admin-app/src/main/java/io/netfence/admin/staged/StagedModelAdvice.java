package io.netfence.admin.staged;

import io.netfence.admin.composer.DraftSession;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the preview and composer pages show about "push as staged": the plan for the session's draft (create, or update
 * of the staged version it was opened from) and that origin.
 */
@ControllerAdvice(basePackages = {"io.netfence.admin.preview", "io.netfence.admin.composer"})
class StagedModelAdvice {

    private final StagedPushService push;
    private final DraftSession draft;
    private final StagedDraftOrigin origin;

    StagedModelAdvice(StagedPushService push, DraftSession draft, StagedDraftOrigin origin) {
        this.push = push;
        this.draft = draft;
        this.origin = origin;
    }

    @ModelAttribute("stagedOrigin")
    StagedRef stagedOrigin(jakarta.servlet.http.HttpServletRequest request) {
        // the JSON API is stateless: never touch (and so create) the session there
        return page(request) ? origin.get(draft) : null;
    }

    private static boolean page(jakarta.servlet.http.HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @ModelAttribute("stagedPlan")
    StagedPushService.Plan stagedPlan(jakarta.servlet.http.HttpServletRequest request) {
        // only the preview page offers the push; the composer's htmx fragments need no analysis of their own
        if (!page(request) || !"GET".equals(request.getMethod()) || !request.getRequestURI().endsWith("/preview") || !draft.present()) {
            return null;
        }
        return push.plan(draft.yaml(), origin.get(draft));
    }
}
