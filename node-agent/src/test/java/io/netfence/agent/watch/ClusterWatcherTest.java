package io.netfence.agent.watch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netfence.agent.e2e.MockApiServer;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's informers. The drift-check reconcile copies the informers' caches into the cluster state while the informers keep
 * delivering events. A pod deleted after the caches were listed must not be resurrected by that stale listing
 * (its IP would stay in peer sets until the next resync, 5 minutes later, and could be reused by another pod).
 */
class ClusterWatcherTest {

    @Test
    void aPodDeletedWhileReconcilingIsNotResurrected() throws Exception {
        try (MockApiServer api = new MockApiServer(); KubernetesClient agentClient = api.newClient()) {
            KubernetesClient k = api.admin();
            k.resource(new NamespaceBuilder().withNewMetadata().withName("app").endMetadata().build()).create();
            k.resource(new PodBuilder().withNewMetadata().withNamespace("app").withName("gone").withLabels(Map.of("app", "gone"))
                    .endMetadata().withNewSpec().withNodeName("n1").addNewContainer().withName("c").withImage("x").endContainer()
                    .endSpec().withNewStatus().withPhase("Running").withPodIP("10.244.1.10").addNewPodIP().withIp("10.244.1.10")
                    .endPodIP().endStatus().build()).create();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(agentClient, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                watcher.reconcile();
                assertThat(state.snapshot().pods()).extracting(p -> p.name()).containsExactly("gone");

                // the pod is deleted (and its delete event delivered, if nothing holds it back) after the listing
                watcher.afterListing(() -> {
                    k.pods().inNamespace("app").withName("gone").delete();
                    awaitTrue(() -> watcher.cachedPodCount() == 0);
                    sleep(300);
                });
                watcher.reconcile();
                watcher.afterListing(() -> { });

                awaitTrue(() -> state.snapshot().pods().isEmpty());
                sleep(300);
                assertThat(state.snapshot().pods()).as("deleted pod stays deleted").isEmpty();
            }
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return;
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAgentsWatcherKnowsOnlyItsOwnNode() throws Exception {
        try (MockApiServer api = new MockApiServer(); KubernetesClient agentClient = api.newClient()) {
            KubernetesClient k = api.admin();
            for (String n : new String[]{"n1", "n2"}) {
                k.resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(n).endMetadata()
                        .withNewSpec().withPodCIDR("10.244.1.0/24").endSpec().build()).create();
            }
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(agentClient, state, "n1", () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                k.resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("n3").endMetadata()
                        .withNewSpec().withPodCIDR("10.244.3.0/24").endSpec().build()).create();
                sleep(500);
                watcher.reconcile();
                assertThat(state.snapshot().nodes()).extracting(n -> n.name()).containsExactly("n1");
            }
        }
    }

    @Test
    void informersStartedDuringALongApiOutageKeepRetryingAndSyncOnceItIsBack() throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            KubernetesClient k = api.admin();
            k.resource(new NamespaceBuilder().withNewMetadata().withName("app").endMetadata().build()).create();
            api.stop();
            // an outage longer than the client's own request retries (here: none)
            var config = new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(api.url())
                    .withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient agentClient = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
                ClusterState state = new ClusterState();
                try (ClusterWatcher watcher = new ClusterWatcher(agentClient, state, "n1", () -> { })) {
                    var started = watcher.start();
                    sleep(1500);
                    api.restart();
                    started.get(30, TimeUnit.SECONDS);
                    assertThat(state.snapshot().namespaces()).extracting(n -> n.name()).contains("app");
                }
            }
        }
    }
}
