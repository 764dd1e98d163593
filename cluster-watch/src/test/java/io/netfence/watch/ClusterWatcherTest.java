package io.netfence.watch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The informers the console and the agent share. The drift-check reconcile copies the informers' caches into the cluster state while the informers keep
 * delivering events. A pod deleted after the caches were listed must not be resurrected by that stale listing
 * (its IP would stay in peer sets until the next resync, 5 minutes later, and could be reused by another pod).
 */
class ClusterWatcherTest {

    @Test
    void aPodDeletedWhileReconcilingIsNotResurrected() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient agentClient = api.newClient()) {
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
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient agentClient = api.newClient()) {
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
        try (RestartableApiServer api = new RestartableApiServer()) {
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

    @Test
    void initialListsArePagedAndPodsAndNodesAreKeptTrimmedToWhatTheEngineReads() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            KubernetesClient k = api.admin();
            k.resource(new NamespaceBuilder().withNewMetadata().withName("app").endMetadata().build()).create();
            k.resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("n1")
                    .addToAnnotations("node.alpha.kubernetes.io/ttl", "0").endMetadata()
                    .withNewSpec().withPodCIDR("10.244.1.0/24").endSpec()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.1.1").endAddress()
                    .addNewImage().withNames("registry.example/big-image:1").withSizeBytes(1L << 30).endImage().endStatus().build()).create();
            k.resource(new PodBuilder().withNewMetadata().withNamespace("app").withName("web-1").withLabels(Map.of("app", "web"))
                    .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-30T00:00:00Z")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-6f7b").withUid("u1").endOwnerReference()
                    .addNewManagedField().withManager("kubelet").withOperation("Update").endManagedField()
                    .endMetadata().withNewSpec().withNodeName("n1").addNewContainer().withName("web").withImage("nginx")
                    .addNewEnv().withName("SECRET_ISH").withValue("x".repeat(2000)).endEnv()
                    .addNewPort().withName("http").withContainerPort(8080).endPort().endContainer().endSpec()
                    .withNewStatus().withPhase("Running").withPodIP("10.244.1.10").addNewPodIP().withIp("10.244.1.10").endPodIP()
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
            api.takeRequests();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);

                List<String> lists = api.takeRequests().stream().filter(r -> !r.contains("watch=true"))
                        .filter(r -> !r.contains("customresourcedefinitions")).toList();
                assertThat(lists).as("one paged LIST per resource").hasSize(4)
                        .allSatisfy(r -> assertThat(r).contains("limit=" + ClusterWatcher.DEFAULT_PAGE_SIZE));

                var pod = watcher.cachedPod("app", "web-1");
                assertThat(pod.getMetadata().getManagedFields()).isNullOrEmpty();
                assertThat(pod.getMetadata().getAnnotations()).isNullOrEmpty();
                assertThat(pod.getStatus().getConditions()).isNullOrEmpty();
                assertThat(pod.getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
                assertThat(pod.getSpec().getContainers().get(0).getImage()).isNull();
                assertThat(pod.getSpec().getContainers().get(0).getPorts()).extracting(p -> p.getName()).containsExactly("http");
                assertThat(pod.getMetadata().getOwnerReferences()).extracting(o -> o.getName()).containsExactly("web-6f7b");
                assertThat(state.snapshot().pod("app", "web-1").orElseThrow().ips()).containsExactly("10.244.1.10");
                assertThat(state.snapshot().pod("app", "web-1").orElseThrow()).as("a pod is in memory once: the store's record is the state's")
                        .isSameAs(watcher.keptPod("app", "web-1"));
                assertThat(state.snapshot().node("n1").orElseThrow().addresses()).containsExactly("192.168.1.1");

                // what the engine reads is the same from the trimmed copy as from the stored object
                var stored = k.pods().inNamespace("app").withName("web-1").get();
                assertThat(io.netfence.engine.snapshot.ResourceConverter.pod(pod)).isEqualTo(io.netfence.engine.snapshot.ResourceConverter.pod(stored));
                var storedNode = k.nodes().withName("n1").get();
                watcher.reconcile();
                assertThat(state.snapshot().node("n1")).contains(io.netfence.engine.snapshot.ResourceConverter.node(storedNode));
            }
        }
    }

    @Test
    void anInformerReadsEveryPageOfAPagedList() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            KubernetesClient k = api.admin();
            k.resource(new NamespaceBuilder().withNewMetadata().withName("app").endMetadata().build()).create();
            for (int i = 0; i < 7; i++) {
                k.resource(new PodBuilder().withNewMetadata().withNamespace("app").withName("p" + i).endMetadata()
                        .withNewSpec().withNodeName("n1").endSpec().withNewStatus().withPhase("Running").withPodIP("10.244.1." + (i + 1))
                        .endStatus().build()).create();
            }
            long before = api.pagesServed();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, null, 3, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                assertThat(state.snapshot().pods()).hasSize(7);
                assertThat(state.snapshot().pods()).as("pods are in memory once: the store's records are the state's")
                        .allSatisfy(p -> assertThat(p).isSameAs(watcher.keptPod(p.namespace(), p.name())));
                // 3 pages of pods (3+3+1), one page each of namespaces, nodes and policies
                assertThat(api.pagesServed() - before).isEqualTo(6);
            }
        }
    }
}
