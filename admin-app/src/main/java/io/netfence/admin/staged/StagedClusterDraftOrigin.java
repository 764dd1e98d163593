package io.netfence.admin.staged;

import io.netfence.admin.clusterpolicies.ClusterDraftSession;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;

/**
 * The staged ClusterNetworkPolicy this session's cluster composer draft was opened from ({@code /staged/cluster/{name}/edit})
 * or last pushed as, so "push as staged" updates exactly that version; bound to that one draft (a template or another
 * opened policy starts another draft, which then creates its staged policy).
 */
@Component
@SessionScope
public class StagedClusterDraftOrigin implements Serializable {

    /** @param resourceVersion of the staged object the draft started from */
    public record Ref(String name, String resourceVersion) implements Serializable {
    }

    private Ref ref;
    private long generation;

    /** The origin of the session's current cluster draft, or null. */
    public synchronized Ref get(ClusterDraftSession draft) {
        return ref != null && generation == draft.generation() ? ref : null;
    }

    public synchronized void set(Ref ref, ClusterDraftSession draft) {
        this.ref = ref;
        this.generation = draft.generation();
    }
}
