package io.netfence.watch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.HashMap;

/**
 * The fabric8 CRUD mock API server, paging LISTs like a real one ({@link PagingCrudDispatcher}), which can be stopped and started again on the same port with its data kept (the
 * CRUD dispatcher holds the objects), to simulate an outage.
 */
public class RestartableApiServer implements AutoCloseable {

    private final PagingCrudDispatcher dispatcher = new PagingCrudDispatcher();
    private KubernetesMockServer server;
    private final int port;
    private final KubernetesClient admin;

    public RestartableApiServer() {
        server = newServer();
        server.init();
        port = server.getPort();
        admin = server.createClient();
    }

    private KubernetesMockServer newServer() {
        return new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    }

    /** A new client (each agent gets its own, like separate processes). */
    public KubernetesClient newClient() {
        return server.createClient();
    }

    /** The server's URL, e.g. for an agent started as a separate process. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The test's own client, used to create and change objects. */
    public KubernetesClient admin() {
        return admin;
    }

    /** LIST pages served with a {@code limit} so far. */
    public long pagesServed() {
        return dispatcher.pagesServed();
    }

    /** The paths and queries of the requests served so far, oldest first (drains them). */
    public java.util.List<String> takeRequests() throws InterruptedException {
        java.util.List<String> out = new java.util.ArrayList<>();
        io.fabric8.mockwebserver.http.RecordedRequest r;
        while ((r = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            out.add(r.getPath());
        }
        return out;
    }

    public synchronized void stop() {
        destroy();
    }

    /**
     * The mock's Vert.x server waits a few seconds for its connections to close; on a loaded machine that wait can run
     * out although the server is stopping. That is the test harness's shutdown, not the behaviour under test: say so
     * and go on (the port is freed once Vert.x has closed).
     */
    private void destroy() {
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof java.util.concurrent.TimeoutException)) {
                throw e;
            }
            System.err.println("[test] the mock API server took long to close (machine busy): " + e.getMessage());
        }
    }

    public synchronized void restart() {
        server = newServer();
        server.init(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() {
        admin.close();
        destroy();
    }
}
