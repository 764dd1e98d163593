package io.netfence.watch;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ResourceConverter;
import io.netfence.engine.synthetic.SyntheticCluster;
import io.netfence.watch.bench.EngineToFabric8;
import io.netfence.watch.bench.RealisticPods;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's memory at scale is mostly what the pod informer keeps (issue 14: ≤ 200 MB RSS at 10,000 pods). A guard
 * against the store growing back: what a kept pod keeps and drops, and the heap it retains, measured by walking the
 * object graph (JOL: the JVM's own object layout, deterministic for a JVM and its flags) over 300 pods dressed as
 * real ones and read from JSON, as the informer reads them.
 */
class KeptPodsFootprintTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static List<Pod> pods;

    @BeforeAll
    static void realisticPodsFromJson() {
        long t0 = System.nanoTime();
        // JOL reads record fields only this way on Java 17
        System.setProperty("jol.magicFieldOffset", "true");
        var snap = SyntheticCluster.generate(new SyntheticCluster.Params(300, 0, 50, 100, 0.0, 42));
        pods = new ArrayList<>();
        int seq = 0;
        for (PodInfo p : snap.pods()) {
            Pod dressed = RealisticPods.dress(EngineToFabric8.pod(p), seq);
            dressed.getMetadata().setResourceVersion(String.valueOf(1000 + seq++));
            pods.add(JSON.unmarshal(JSON.asJson(dressed), Pod.class));
        }
        System.out.println("pods made in ms " + (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void aKeptPodHasWhatTheEngineReadsAndItsOwnersAndNothingElse() {
        for (Pod full : pods) {
            Pod kept = KeptPods.asPod(KeptPods.keep(full));
            assertThat(ResourceConverter.pod(kept)).isEqualTo(ResourceConverter.pod(full));
            // the record the engine is handed (shared with ClusterState) is the full pod's, owner (workload) included
            assertThat(KeptPods.keep(full).info()).isEqualTo(ResourceConverter.pod(full));
            assertThat(KeptPods.keep(full).info().owner()).isNotNull();
            assertThat(kept.getMetadata().getResourceVersion()).isEqualTo(full.getMetadata().getResourceVersion());
            assertThat(kept.getMetadata().getOwnerReferences()).extracting(o -> o.getKind() + "/" + o.getName())
                    .containsExactlyElementsOf(full.getMetadata().getOwnerReferences().stream().map(o -> o.getKind() + "/" + o.getName()).toList());
            assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
            assertThat(kept.getMetadata().getAnnotations()).isNullOrEmpty();
            assertThat(kept.getSpec().getVolumes()).isNullOrEmpty();
            assertThat(kept.getSpec().getTolerations()).isNullOrEmpty();
            assertThat(kept.getSpec().getContainers()).allSatisfy(c -> {
                assertThat(c.getImage()).isNull();
                assertThat(c.getEnv()).isNullOrEmpty();
                assertThat(c.getLivenessProbe()).isNull();
            });
            assertThat(kept.getStatus().getConditions()).isNullOrEmpty();
            assertThat(kept.getStatus().getContainerStatuses()).isNullOrEmpty();
        }
    }

    @Test
    void aKeptPodRetainsLessThanAKilobyteOfHeap() {
        KeptPods store = new KeptPods();
        pods.forEach(p -> store.put(store.getKey(p), p));
        long perPod = GraphLayout.parseInstance(store).totalSize() / pods.size();
        List<Pod> sample = List.copyOf(pods.subList(0, 20));
        long trimmedPod = GraphLayout.parseInstance(sample.stream().map(Trimmed::pod).toList()).totalSize() / sample.size();
        long fullPod = GraphLayout.parseInstance(sample).totalSize() / sample.size();
        System.out.printf("heap per pod: %d B as read, %d B as a trimmed fabric8 Pod, %d B kept%n", fullPod, trimmedPod, perPod);
        // measured 2026-12-01: ~41,000 B as read, ~3,800 B trimmed (the store before), ~700 B kept
        assertThat(perPod).isLessThan(1_000);
    }

    @Test
    void theStoreHandsTheEngineTheInstanceItKeeps() {
        KeptPods store = new KeptPods();
        Pod full = pods.get(0);
        store.put(store.getKey(full), full);
        PodInfo kept = store.info(store.get(store.getKey(full)));
        assertThat(store.info(full)).isSameAs(kept);
        assertThat(store.infos()).singleElement().isSameAs(kept);

        // the same version again (a relist, a replaying watch) keeps the kept record; a new version replaces it
        store.put(store.getKey(full), JSON.unmarshal(JSON.asJson(full), Pod.class));
        assertThat(store.infos()).singleElement().isSameAs(kept);
        Pod next = JSON.unmarshal(JSON.asJson(full), Pod.class);
        next.getMetadata().setResourceVersion(full.getMetadata().getResourceVersion() + "1");
        next.getMetadata().getLabels().put("rolled", "yes");
        store.put(store.getKey(next), next);
        assertThat(store.infos()).singleElement().satisfies(p -> assertThat(p.labels()).containsEntry("rolled", "yes"));
    }

    /**
     * At the end of every list and relist fabric8's informer keys every pod of its store, over one list of them all
     * ({@code ProcessorStore.syncList}); keying a pod read from the store must not build it, or all of them are built
     * and held at once (~25 MB at 10,000 pods: the agent's memory peak, docs/benchmarks.md "Agent memory").
     */
    @Test
    void keyingEveryPodOfTheStoreBuildsNone() {
        KeptPods store = new KeptPods();
        pods.forEach(p -> store.put(store.getKey(p), p));
        List<Pod> listed = store.values().toList();
        List<String> keys = listed.stream().map(store::getKey).toList();

        long storeSize = GraphLayout.parseInstance(store).totalSize();
        long perListed = (GraphLayout.parseInstance(store, listed).totalSize() - storeSize) / pods.size();
        System.out.printf("heap per pod listed from the store and keyed: %d B%n", perListed);
        // a listed pod is a shell around the kept record (measured 2026-12-01: ~80 B); built, ~3,400 B
        assertThat(perListed).isLessThan(300);

        // the same keys as fabric8's own key function
        assertThat(keys).containsExactlyInAnyOrderElementsOf(pods.stream().map(Cache::metaNamespaceKeyFunc).toList());
        assertThat(listed).allSatisfy(p -> assertThat(store.getKey(p)).isEqualTo(Cache.metaNamespaceKeyFunc(p)));
    }

    /** fabric8 reads an update's old object (from the store) for its resourceVersion: only its metadata is built. */
    @Test
    void readingAStoredPodsMetadataBuildsOnlyTheMetadata() {
        KeptPods store = new KeptPods();
        pods.forEach(p -> store.put(store.getKey(p), p));
        List<Pod> listed = store.values().toList();
        long storeSize = GraphLayout.parseInstance(store).totalSize();
        long shell = GraphLayout.parseInstance(store, listed).totalSize() - storeSize;

        listed.forEach(p -> assertThat(p.getMetadata().getResourceVersion())
                .isEqualTo(store.info(p) == null ? null : pods.stream().filter(f -> Cache.metaNamespaceKeyFunc(f).equals(store.getKey(p)))
                        .findFirst().orElseThrow().getMetadata().getResourceVersion()));
        long metadataOnly = (GraphLayout.parseInstance(store, listed).totalSize() - storeSize - shell) / pods.size();
        listed.forEach(Pod::getSpec);
        long whole = (GraphLayout.parseInstance(store, listed).totalSize() - storeSize - shell) / pods.size();
        System.out.printf("heap per stored pod read: metadata %d B, whole pod %d B%n", metadataOnly, whole);
        assertThat(metadataOnly).isLessThan(whole / 2);
        // the whole pod, once built, carries the same metadata instance its reader was handed
        assertThat(listed).allSatisfy(p -> assertThat(p.getMetadata()).isSameAs(p.getMetadata()));
        assertThat(listed).allSatisfy(p -> assertThat(ResourceConverter.pod(p)).isEqualTo(store.info(p)));
    }
}
