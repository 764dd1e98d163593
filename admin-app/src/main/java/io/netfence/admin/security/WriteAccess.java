package io.netfence.admin.security;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The one place that decides whether an actor may write, and with which client the write goes to the API server.
 * Every write path (UI and JSON API) goes through the push pipeline, which asks here first.
 * <ul>
 *   <li>console users (form login, SSO) need the editor role;</li>
 *   <li>Kubernetes token subjects are decided by a SubjectAccessReview: Kubernetes RBAC, not the console role;</li>
 *   <li>with {@code netfence.console.impersonate=true}, a user's write carries Impersonate-User/Impersonate-Group,
 *       so the cluster's RBAC decides for browser users too.</li>
 * </ul>
 */
@Component
public class WriteAccess {

    private final KubernetesClient client;
    private final boolean impersonate;

    @org.springframework.beans.factory.annotation.Autowired
    public WriteAccess(KubernetesClient client, ConsoleSecurityProperties properties) {
        this(client, properties.impersonate());
    }

    /** @param impersonate writes carry Impersonate-User/Group of the actor (netfence.console.impersonate) */
    public WriteAccess(KubernetesClient client, boolean impersonate) {
        this.client = client;
        this.impersonate = impersonate;
    }

    /**
     * @param verb      the Kubernetes verb: create, update, delete
     * @param namespace the NetworkPolicy's namespace
     * @throws AccessDeniedException when the actor may not
     */
    public void authorize(Actor actor, String verb, String namespace, String name) {
        authorize(actor, verb, "networking.k8s.io", "networkpolicies", "NetworkPolicy", namespace, name);
    }

    /** The same for a ClusterNetworkPolicy (cluster-scoped). */
    public void authorizeClusterPolicy(Actor actor, String verb, String name) {
        authorize(actor, verb, "policy.networking.k8s.io", "clusternetworkpolicies", "ClusterNetworkPolicy", null, name);
    }

    /** The same for a StagedNetworkPolicy ({@code netfence.io}, namespaced). */
    public void authorizeStagedPolicy(Actor actor, String verb, String namespace, String name) {
        authorize(actor, verb, "netfence.io", "stagednetworkpolicies", "StagedNetworkPolicy", namespace, name);
    }

    /** The same for a StagedClusterNetworkPolicy ({@code netfence.io}, cluster-scoped). */
    public void authorizeStagedClusterPolicy(Actor actor, String verb, String name) {
        authorize(actor, verb, "netfence.io", "stagedclusternetworkpolicies", "StagedClusterNetworkPolicy", null, name);
    }

    private void authorize(Actor actor, String verb, String group, String resource, String kind, String namespace, String name) {
        String where = namespace == null ? "" : " in namespace " + namespace;
        if (actor.source() == Actor.Source.TOKEN) {
            SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                    .withNewSpec().withUser(actor.name()).withGroups(actor.groups())
                    .withNewResourceAttributes().withGroup(group).withResource(resource)
                    .withVerb(verb).withNamespace(namespace).withName(name).endResourceAttributes()
                    .endSpec().build());
            boolean allowed = review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
            if (!allowed) {
                String reason = review.getStatus() != null && review.getStatus().getReason() != null && !review.getStatus().getReason().isBlank()
                        ? " (" + review.getStatus().getReason() + ")" : "";
                throw new AccessDeniedException(actor.name() + " may not " + verb + " " + resource + "." + group + where
                        + ": Kubernetes RBAC (SubjectAccessReview) denies it" + reason);
            }
            return;
        }
        if (!actor.editor()) {
            throw new AccessDeniedException(actor.name() + " has the viewer role: " + verb + " of " + kind + " "
                    + (namespace == null ? name : namespace + "/" + name) + " needs the editor role");
        }
    }

    /** The client a write of this actor uses: the console's own, or one impersonating a user in impersonation mode. */
    public KubernetesClient clientFor(Actor actor) {
        if (!impersonate || actor.source() == Actor.Source.SYSTEM) {
            return client;
        }
        var config = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withImpersonateUsername(actor.name())
                .withImpersonateGroups(actor.groups().toArray(String[]::new))
                .build();
        return client.newClient(config).adapt(KubernetesClient.class);
    }
}
