package io.netfence.admin.security;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The one place that decides whether an actor may write, and with which client the write goes to the API server.
 * Every write path (UI and JSON API) goes through the push pipeline, which asks here first.
 */
@Component
public class WriteAccess {

    private final KubernetesClient client;

    public WriteAccess(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param verb      the Kubernetes verb: create, update, delete
     * @param namespace the NetworkPolicy's namespace
     * @throws AccessDeniedException when the actor may not
     */
    public void authorize(Actor actor, String verb, String namespace, String name) {
        if (!actor.editor()) {
            throw new AccessDeniedException(actor.name() + " has the viewer role: " + verb + " of NetworkPolicy "
                    + namespace + "/" + name + " needs the editor role");
        }
    }

    /** The client a write of this actor uses. */
    public KubernetesClient clientFor(Actor actor) {
        return client;
    }
}
