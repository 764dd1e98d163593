package io.netfence.admin.policies;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.security.CurrentActor;
import io.netfence.admin.security.WriteAccess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Pushes a validated draft to the cluster: create when the policy does not exist, otherwise update it with the
 * resourceVersion the console last saw, so a policy someone else changed meanwhile is not overwritten (409).
 * Uses only create/update, which every API server supports (no server-side apply, no reliance on dryRun).
 */
@Service
public class PolicyApplier {

    public enum Outcome { CREATED, UPDATED, CONFLICT, REJECTED }

    public record Result(Outcome outcome, String policy, String message) {
        public boolean ok() {
            return outcome == Outcome.CREATED || outcome == Outcome.UPDATED;
        }
    }

    private final KubernetesClient client;
    private final BiFunction<String, String, Optional<NetworkPolicy>> lastSeen;
    private WriteAccess writeAccess;

    @Autowired(required = false)
    void writeAccess(WriteAccess writeAccess) {
        this.writeAccess = writeAccess;
    }

    @Autowired
    public PolicyApplier(KubernetesClient client, LiveCluster cluster) {
        this(client, cluster::networkPolicy);
    }

    /** @param lastSeen the policy as the console last saw it (namespace, name), whose resourceVersion an update carries */
    public PolicyApplier(KubernetesClient client, BiFunction<String, String, Optional<NetworkPolicy>> lastSeen) {
        this.client = client;
        this.lastSeen = lastSeen;
    }

    /** {@code draft} must be valid (see DraftAnalyzer); only its metadata name/namespace, labels, annotations and spec are sent. */
    public Result apply(NetworkPolicy draft) {
        String ns = draft.getMetadata().getNamespace();
        String name = draft.getMetadata().getName();
        String key = ns + "/" + name;
        NetworkPolicy clean = new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .withLabels(draft.getMetadata().getLabels()).withAnnotations(draft.getMetadata().getAnnotations()).endMetadata()
                .withSpec(draft.getSpec()).build();
        var existing = lastSeen.apply(ns, name);
        if (writeAccess != null) {
            writeAccess.authorize(CurrentActor.get(), existing.isEmpty() ? "create" : "update", ns, name);
        }
        try {
            if (existing.isEmpty()) {
                client.network().v1().networkPolicies().inNamespace(ns).resource(clean).create();
                return new Result(Outcome.CREATED, key, "Created NetworkPolicy " + key + ".");
            }
            clean.getMetadata().setResourceVersion(existing.get().getMetadata().getResourceVersion());
            clean.getMetadata().setLabels(draft.getMetadata().getLabels() != null ? draft.getMetadata().getLabels() : existing.get().getMetadata().getLabels());
            clean.getMetadata().setAnnotations(draft.getMetadata().getAnnotations() != null ? draft.getMetadata().getAnnotations()
                    : existing.get().getMetadata().getAnnotations());
            client.network().v1().networkPolicies().inNamespace(ns).resource(clean).update();
            return new Result(Outcome.UPDATED, key, "Updated NetworkPolicy " + key + " (was resourceVersion "
                    + existing.get().getMetadata().getResourceVersion() + ").");
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return new Result(Outcome.CONFLICT, key, "NetworkPolicy " + key + " was changed or created by someone else since the console "
                        + "last saw it; nothing was written. Reload it in the composer (Policies → edit) and apply again.");
            }
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            return new Result(Outcome.REJECTED, key, "The API server refused NetworkPolicy " + key + " (HTTP " + e.getCode() + "): " + reason);
        }
    }
}
