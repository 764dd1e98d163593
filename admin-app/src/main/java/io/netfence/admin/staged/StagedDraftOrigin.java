package io.netfence.admin.staged;

import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;

/**
 * The staged policy this session's composer draft was opened from ({@code /staged/{ns}/{name}/edit}), so "push as
 * staged" updates exactly that version. Kept apart from the NetworkPolicy draft's own origin: pushing the same draft as
 * a NetworkPolicy creates one.
 */
@Component
@SessionScope
public class StagedDraftOrigin implements Serializable {

    private StagedRef ref;

    public synchronized StagedRef get() {
        return ref;
    }

    public synchronized void set(StagedRef ref) {
        this.ref = ref;
    }
}
