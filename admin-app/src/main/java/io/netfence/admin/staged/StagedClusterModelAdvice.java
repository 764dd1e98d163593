package io.netfence.admin.staged;

import io.netfence.admin.clusterpolicies.ClusterDraftSession;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The cluster preview's "push as staged": the staged version the session's cluster draft was opened from, if any. */
@ControllerAdvice(basePackages = "io.netfence.admin.clusterpolicies")
class StagedClusterModelAdvice {

    private final ClusterDraftSession draft;
    private final StagedClusterDraftOrigin origin;

    StagedClusterModelAdvice(ClusterDraftSession draft, StagedClusterDraftOrigin origin) {
        this.draft = draft;
        this.origin = origin;
    }

    @ModelAttribute("stagedClusterOrigin")
    StagedClusterDraftOrigin.Ref stagedClusterOrigin(jakarta.servlet.http.HttpServletRequest request) {
        // pages only: the JSON API is stateless and must not create a session
        return request.getRequestURI().endsWith("/preview/cluster") ? origin.get(draft) : null;
    }
}
