package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * After a mock API server restart, waits until every agent's NetworkPolicy watch is live again. The fabric8 CRUD
 * mock server keeps no watch history: a policy changed while an informer's watch is still reconnecting never
 * reaches that agent (a real API server replays the change from the watch's resourceVersion), and the informer
 * reports itself watching before the server has registered the new watch. So this creates marker policies (they
 * select no pod) until one has been delivered to every agent; a marker created before a watch was back is lost
 * for good, hence a fresh one each round rather than waiting longer for the same. Markers are deleted afterwards.
 */
final class PolicyWatchBarrier {

    private static final Duration ROUND = Duration.ofSeconds(1);
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private PolicyWatchBarrier() {
    }

    static void await(KubernetesClient k, String namespace, Collection<RunningAgent> agents) {
        List<String> markers = new ArrayList<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String name = "watch-marker-" + markers.size();
                k.resource(marker(namespace, name)).create();
                markers.add(name);
                long roundEnd = System.nanoTime() + ROUND.toNanos();
                while (System.nanoTime() < roundEnd) {
                    if (agents.stream().allMatch(a -> a.watching() && markers.stream().anyMatch(m -> a.knowsPolicy(namespace, m)))) {
                        return;
                    }
                    sleep(20);
                }
            }
            throw new AssertionError("no marker policy reached every agent's watch within " + LIMIT);
        } finally {
            markers.forEach(m -> k.network().v1().networkPolicies().inNamespace(namespace).withName(m).delete());
        }
    }

    private static NetworkPolicy marker(String namespace, String name) {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("netfence.test/watch-marker", "no-such-pod").endPodSelector()
                .endSpec().build();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
