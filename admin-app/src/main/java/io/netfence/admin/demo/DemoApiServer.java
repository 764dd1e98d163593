package io.netfence.admin.demo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;

/**
 * The embedded API server of demo mode: fabric8's CRUD mock server, in-process on a loopback port, with the
 * NodeFirewallStatus CRD stored and the demo cluster seeded. It stores and watches objects like an API server
 * and answers {@code dryRun=All} without storing ({@link DryRunDispatcher}); it has no server-side apply, so the
 * console never relies on it.
 */
public class DemoApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoApiServer.class);
    static final String CRD_RESOURCE = "/netfence/crds/nodefirewallstatuses.yaml";

    private final int pods;
    private KubernetesMockServer server;
    private DryRunDispatcher dispatcher;
    private KubernetesClient client;

    /** @param pods grow the demo cluster to about this many pods (0 = the demo as it is) */
    public DemoApiServer(int pods) {
        this.pods = pods;
    }

    /** Starts the server (once), seeds the demo cluster and returns a client to it. */
    public synchronized KubernetesClient start() {
        if (client != null) {
            return client;
        }
        dispatcher = new DryRunDispatcher(new DemoAccessReviews(new KubernetesCrudDispatcher()));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        try (InputStream in = DemoApiServer.class.getResourceAsStream(CRD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CRD_RESOURCE + " is missing from the classpath");
            }
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DemoClusterSeed.seed(client, pods);
        DemoClusterNetworkPolicies.seed(client);
        DemoStagedPolicies.seed(client);
        log.info("demo API server (fabric8 CRUD mock) on {}", client.getMasterUrl());
        return client;
    }

    /**
     * The next write (not a dry run) whose method is {@code method} and whose path starts with {@code pathPrefix} fails
     * with {@code code} (once): how the tests make a write fail after its dry run passed, as a real API server can.
     */
    public synchronized void failNextWrite(String method, String pathPrefix, int code, String message) {
        dispatcher.failNextWrite(method, pathPrefix, code, message);
    }

    /** Requests the demo API server has answered so far (the tests check that pages are served from the informers). */
    public synchronized int requestCount() {
        return server == null ? 0 : server.getRequestCount();
    }

    /** How many writes (dry-runs included) the demo API server received so far: a mark for {@link #writeRequestsSince}. */
    public synchronized long writeCount() {
        return dispatcher == null ? 0 : dispatcher.writeCount();
    }

    /** "METHOD path?query" of the writes received after {@code mark}, oldest first (the tests check what reached it). */
    public synchronized List<String> writeRequestsSince(long mark) {
        return dispatcher == null ? List.of() : dispatcher.writeRequestsSince(mark);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            server.destroy();
            client = null;
        }
    }
}
