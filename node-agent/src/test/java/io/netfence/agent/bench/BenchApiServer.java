package io.netfence.agent.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.watch.PagingCrudDispatcher;
import io.netfence.watch.bench.EngineToFabric8;
import io.netfence.watch.bench.RealisticPods;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A benchmark-only API server over real HTTP for the agent at 10k–50k pods, where the fabric8 CRUD mock is too slow
 * (it accepts ~70 writes/s, 7/s past 40k objects, and re-serialises the whole collection for each LIST page).
 * Cluster-wide pods ({@code /api/v1/pods}: paged LIST, WATCH from a resourceVersion) and single-pod GETs are served
 * by {@link PodStream} from pre-serialised JSON; the driver creates and deletes pods in-process
 * ({@link #pods()}), not over HTTP. Everything else (namespaces, nodes, NetworkPolicies, CRD lookups, the
 * NodeFirewallStatus CRD and the agent's status writes, leases) is the paging CRUD mock ({@link PagingCrudDispatcher}),
 * which handles the few thousand objects of those kinds well. The agent's code path is unchanged: the same fabric8
 * client, informers and protocol. What {@link PodStream} does not implement is listed there.
 */
final class BenchApiServer implements AutoCloseable {

    private static final Path CRD = Path.of("..", "charts", "netfence", "crds", "nodefirewallstatuses.yaml");

    private final PodStream pods = new PodStream();
    private final KubernetesMockServer server;
    private final KubernetesClient admin;

    BenchApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher(pods), false);
        server.init();
        admin = server.createClient();
        try (InputStream in = Files.newInputStream(CRD)) {
            CustomResourceDefinition crd = admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pods go to {@link PodStream}, the rest to the CRUD mock. */
    private static final class Dispatcher extends PagingCrudDispatcher {
        private final PodStream pods;

        Dispatcher(PodStream pods) {
            this.pods = pods;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            return isPods(path) ? pods.handle(request.getMethod(), path) : super.dispatch(request);
        }

        static boolean isPods(String path) {
            String p = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
            return p.equals("/api/v1/pods") || p.matches("/api/v1/namespaces/[^/]+/pods(/[^/]+)?");
        }
    }

    /**
     * Namespaces, nodes and policies through the CRUD mock (8 threads); the pods dressed as real ones
     * ({@link RealisticPods}, numbered as {@code ClusterLoader} numbers them) straight into {@link PodStream}.
     */
    void load(ClusterSnapshot snap) throws Exception {
        long t0 = System.nanoTime();
        List<HasMetadata> others = new ArrayList<>();
        snap.namespaces().forEach(n -> others.add(EngineToFabric8.namespace(n)));
        snap.nodes().forEach(n -> others.add(EngineToFabric8.node(n)));
        snap.policies().forEach(p -> others.add(EngineToFabric8.policy(p)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (HasMetadata o : others) {
                fs.add(pool.submit(() -> admin.resource(o).create()));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long t1 = System.nanoTime();
        int seq = 0;
        for (PodInfo p : snap.pods()) {
            pods.create(RealisticPods.dress(EngineToFabric8.pod(p), seq++));
        }
        System.out.printf("[benchmark] bench API server: %d namespaces/nodes/policies in the CRUD mock in %d ms, %d pods in %d ms%n",
                others.size(), (t1 - t0) / 1_000_000, seq, (System.nanoTime() - t1) / 1_000_000);
    }

    PodStream pods() {
        return pods;
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The test's own client: status reads, policy writes (pods are written through {@link #pods()}). */
    KubernetesClient admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            System.err.println("[test] the bench API server took long to close (machine busy): " + e.getMessage());
        }
    }
}
