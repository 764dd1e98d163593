package io.netfence.watch.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads a (synthetic) cluster into an API server the way the scale benchmarks need it: namespaces and nodes first,
 * then pods dressed as real ones ({@link RealisticPods}) and policies, created from 8 threads. Prints
 * {@code [benchmark]} lines with the pods' JSON size and the load time.
 */
public final class ClusterLoader {

    private ClusterLoader() {
    }

    public static void load(KubernetesClient k, ClusterSnapshot snap) throws Exception {
        long t0 = System.nanoTime();
        List<HasMetadata> objects = new ArrayList<>();
        snap.namespaces().forEach(n -> objects.add(EngineToFabric8.namespace(n)));
        snap.nodes().forEach(n -> objects.add(EngineToFabric8.node(n)));
        int seq = 0;
        long podBytes = 0;
        for (PodInfo p : snap.pods()) {
            Pod pod = RealisticPods.dress(EngineToFabric8.pod(p), seq++);
            if (seq <= 100) {
                podBytes += k.getKubernetesSerialization().asJson(pod).length();
            }
            objects.add(pod);
        }
        System.out.printf("[benchmark] pods as real ones look: %d B of JSON each (mean of 100)%n", podBytes / Math.max(1, Math.min(seq, 100)));
        snap.policies().forEach(p -> objects.add(EngineToFabric8.policy(p)));
        createAll(k, objects);
        System.out.printf("[benchmark] loaded %d objects into the mock API server in %d ms%n", objects.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static void createAll(KubernetesClient k, List<HasMetadata> objects) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            int firstPods = (int) objects.stream().takeWhile(o -> !(o instanceof Pod)).count();
            for (HasMetadata o : objects.subList(0, firstPods)) {
                k.resource(o).create();
            }
            for (HasMetadata o : objects.subList(firstPods, objects.size())) {
                fs.add(pool.submit(() -> k.resource(o).create()));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
