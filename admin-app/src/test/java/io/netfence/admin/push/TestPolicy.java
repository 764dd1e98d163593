package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;

/** The one NetworkPolicy a push test writes, read back from the API server and awaited in the console's live model. */
record TestPolicy(KubernetesClient client, LiveCluster cluster, String namespace, String name) {

    NetworkPolicy stored() {
        return client.network().v1().networkPolicies().inNamespace(namespace).withName(name).get();
    }

    /**
     * Waits until the informer cache holds {@code resourceVersion} and the engine's snapshot has the policy: the
     * informer stores an object before its handler puts it into the engine's state, and previews read the snapshot.
     */
    void awaitInLiveModel(String resourceVersion) {
        Eventually.until("the live model has resourceVersion " + resourceVersion, () -> cluster.networkPolicy(namespace, name)
                .map(p -> p.getMetadata().getResourceVersion().equals(resourceVersion)).orElse(false)
                && cluster.snapshot().policy(namespace, name).isPresent());
    }

    void deleteAndAwaitGone() {
        client.network().v1().networkPolicies().inNamespace(namespace).withName(name).delete();
        Eventually.until("the test policy is gone", () -> cluster.networkPolicy(namespace, name).isEmpty());
    }
}
