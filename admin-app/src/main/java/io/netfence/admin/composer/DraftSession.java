package io.netfence.admin.composer;

import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;

/**
 * The draft of this browser session, shared by the composer, the preview and the connectivity pages, and the policy
 * version it was opened from (kept with the draft so a push updates exactly the version the user started editing).
 */
@Component
@SessionScope
public class DraftSession extends DraftState<DraftSession.StartedFrom> {

    /**
     * A stored NetworkPolicy at the resourceVersion the user opened it.
     *
     * @param yaml the policy as the composer showed it then (name, labels, annotations, spec): what the user's edits
     *             are measured against when they are rebased onto a newer version
     */
    public record StartedFrom(String namespace, String name, String resourceVersion, String yaml) implements Serializable {
    }
}
