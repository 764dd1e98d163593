package io.netfence.admin.clusterpolicies;

import io.netfence.admin.composer.DraftState;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;

/**
 * This browser session's ClusterNetworkPolicy draft (apart from its NetworkPolicy draft: working on one never loses
 * the other), and the stored version it was opened from, so a push updates exactly the version the user started from.
 */
@Component
@SessionScope
public class ClusterDraftSession extends DraftState<ClusterDraftSession.StartedFrom> {

    /** A stored ClusterNetworkPolicy at the resourceVersion the user opened it. */
    public record StartedFrom(String name, String resourceVersion) implements Serializable {
    }
}
