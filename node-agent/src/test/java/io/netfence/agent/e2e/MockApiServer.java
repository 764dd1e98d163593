package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * The fabric8 CRUD mock API server with the NodeFirewallStatus CRD stored, which can be stopped and started
 * again on the same port with its data kept (the CRUD dispatcher holds the objects), to simulate an outage.
 */
public final class MockApiServer implements AutoCloseable {

    static final Path CRD = Path.of("..", "charts", "netfence", "crds", "nodefirewallstatuses.yaml");

    private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
    private KubernetesMockServer server;
    private int port;
    private final KubernetesClient admin;

    public MockApiServer() {
        server = newServer();
        server.init();
        port = server.getPort();
        admin = server.createClient();
        try (InputStream in = Files.newInputStream(CRD)) {
            CustomResourceDefinition crd = admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    public synchronized void stop() {
        server.destroy();
    }

    public synchronized void restart() {
        server = newServer();
        server.init(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() {
        admin.close();
        server.destroy();
    }
}
