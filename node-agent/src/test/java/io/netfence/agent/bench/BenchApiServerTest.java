package io.netfence.agent.bench;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netfence.engine.model.PodInfo;
import io.netfence.watch.bench.EngineToFabric8;
import io.netfence.watch.bench.RealisticPods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The benchmark API server's pods as a fabric8 client reads them: paged LISTs, watches from a resourceVersion. */
class BenchApiServerTest {

    private BenchApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = new BenchApiServer();
        client = api.admin();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void pagesOfAListAddUpToEveryPodOfItsSnapshotExactlyOnce() {
        for (int i = 0; i < 25; i++) {
            api.pods().create(pod("ns" + (i % 3), "p" + i, i));
        }
        List<String> seen = new ArrayList<>();
        PodList page = client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(7L).build());
        String listRv = page.getMetadata().getResourceVersion();
        int pages = 1;
        page.getItems().forEach(p -> seen.add(key(p)));
        assertThat(page.getMetadata().getRemainingItemCount()).isEqualTo(18L);
        // changes while the client pages: a consistent list shows its snapshot, the watch from its RV the changes
        api.pods().create(pod("ns0", "late", 99));
        assertThat(api.pods().delete("ns1", "p1")).isTrue();
        while (page.getMetadata().getContinue() != null) {
            page = client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(7L).withContinue(page.getMetadata().getContinue()).build());
            assertThat(page.getMetadata().getResourceVersion()).isEqualTo(listRv);
            assertThat(page.getItems()).hasSizeLessThanOrEqualTo(7);
            page.getItems().forEach(p -> seen.add(key(p)));
            pages++;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).doesNotHaveDuplicates().hasSize(25).contains("ns1/p1").doesNotContain("ns0/late");
        assertThat(client.pods().inAnyNamespace().list().getItems()).hasSize(25).extracting(BenchApiServerTest::key)
                .contains("ns0/late").doesNotContain("ns1/p1");
        assertThat(client.pods().inNamespace("ns0").withName("late").get().getSpec().getContainers()).isNotEmpty();
        assertThat(client.pods().inNamespace("ns1").withName("p1").get()).isNull();
    }

    @Test
    void anUnknownContinueTokenIsExpiredAndUnsupportedQueriesSaySo() {
        api.pods().create(pod("ns0", "a", 1));
        assertThatThrownBy(() -> client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(1L).withContinue("9:1").build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(410));
        assertThatThrownBy(() -> client.pods().inAnyNamespace().withLabel("app", "x").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
        assertThatThrownBy(() -> client.pods().inNamespace("ns0").resource(pod("ns0", "b", 2)).create())
                .isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void aWatchFromAResourceVersionGetsTheLaterEventsOnlyThenLiveOnes() throws Exception {
        api.pods().create(pod("ns0", "a", 1));
        api.pods().create(pod("ns0", "b", 2));
        String from = String.valueOf(api.pods().resourceVersion());
        api.pods().create(pod("ns0", "c", 3));
        api.pods().delete("ns0", "a");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch w = client.pods().inAnyNamespace().withResourceVersion(from).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.add(action + " " + pod.getMetadata().getName() + " @" + pod.getMetadata().getResourceVersion());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED c @3");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("DELETED a @4");
            await().atMost(10, TimeUnit.SECONDS).until(() -> api.pods().openWatches() == 1);
            api.pods().create(pod("ns0", "d", 4));
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED d @5");
            assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aWatchFromBeforeACompactionIsToldTheResourceVersionIsTooOld() throws Exception {
        api.pods().create(pod("ns0", "a", 1));
        api.pods().create(pod("ns0", "b", 2));
        api.pods().compact();
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        client.pods().inAnyNamespace().withResourceVersion("1").watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
            }

            @Override
            public void onClose(WatcherException cause) {
                closed.complete(cause);
            }
        });
        WatcherException e = closed.get(10, TimeUnit.SECONDS);
        assertThat(e.isHttpGone()).isTrue();
    }

    @Test
    void aPagingInformerSyncsEveryPodAndFollowsCreatesAndDeletes() throws Exception {
        for (int i = 0; i < 30; i++) {
            api.pods().create(pod("ns" + (i % 4), "p" + i, i));
        }
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().withLimit(8L).inform();
        try {
            informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(informer.getStore().list()).hasSize(30);
            api.pods().delete("ns0", "p0");
            api.pods().create(pod("ns0", "new", 40));
            await().atMost(10, TimeUnit.SECONDS).until(() -> informer.getStore().getByKey("ns0/new") != null
                    && informer.getStore().getByKey("ns0/p0") == null);
            assertThat(informer.getStore().list()).hasSize(30);
        } finally {
            informer.stop();
        }
    }

    private static Pod pod(String ns, String name, int seq) {
        return RealisticPods.dress(EngineToFabric8.pod(new PodInfo(ns, name, Map.of("app", name), List.of("10.0.0." + (seq + 1)),
                "node-00", false, "Running", List.of())), seq);
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }
}
