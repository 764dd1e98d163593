package io.netfence.admin.staged;

import io.netfence.admin.composer.DraftSession;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;

/**
 * The staged policy this session's composer draft was opened from ({@code /staged/{ns}/{name}/edit}) or last pushed as,
 * so "push as staged" updates exactly that version. Kept apart from the NetworkPolicy draft's own origin (pushing the
 * same draft as a NetworkPolicy creates one), and bound to that one draft: a template, an upload or an opened
 * NetworkPolicy starts another draft, which then creates its staged policy.
 */
@Component
@SessionScope
public class StagedDraftOrigin implements Serializable {

    private StagedRef ref;
    private long generation;

    /** The origin of the session's current draft, or null. */
    public synchronized StagedRef get(DraftSession draft) {
        return ref != null && generation == draft.generation() ? ref : null;
    }

    public synchronized void set(StagedRef ref, DraftSession draft) {
        this.ref = ref;
        this.generation = draft.generation();
    }
}
