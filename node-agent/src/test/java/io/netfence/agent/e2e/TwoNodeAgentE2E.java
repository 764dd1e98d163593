package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;

import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.ApiObjects.node;
import static io.netfence.agent.e2e.ApiObjects.pod;
import static io.netfence.agent.e2e.MiniCluster.nodeIp;
import static io.netfence.agent.e2e.MiniCluster.nodeName;
import static io.netfence.agent.e2e.MiniCluster.podCidr;

/**
 * The fixture of the end-to-end tests on the two-node network-namespace cluster: the {@link MiniCluster}, the mock API
 * server with both nodes (and the CRDs a test needs) stored, pods created in both, one {@link RunningAgent} per node,
 * all closed after the class. A test creates its objects between {@link #startCluster} and {@link #startAgents}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoNodeAgentE2E {

    static final int NODES = 2;

    MiniCluster cluster;
    MockApiServer api;
    KubernetesClient k;
    final Map<Integer, RunningAgent> agents = new HashMap<>();

    /** Creates the namespaces of both nodes and the mock API server holding the CRDs of {@code crds} and both Nodes. */
    void startCluster(Path... crds) {
        cluster = new MiniCluster(NODES);
        api = new MockApiServer();
        k = api.admin();
        for (Path crd : crds) {
            try (InputStream in = Files.newInputStream(crd)) {
                k.apiextensions().v1().customResourceDefinitions()
                        .resource(k.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (int n = 1; n <= NODES; n++) {
            k.resource(node(nodeName(n), nodeIp(n), podCidr(n))).create();
        }
    }

    /** A pod labelled {@code app=NAME} serving {@link MiniCluster#TCP_PORT}: its namespace on the node and its Pod object. */
    void addPod(String namespace, String name, int node, String ip) {
        cluster.addPod(name, node, ip);
        k.resource(pod(namespace, name, Map.of("app", name), nodeName(node), ip, MiniCluster.TCP_PORT)).create();
    }

    /**
     * The world most tests share: namespaces shop and guest (labelled as {@code labels} says for each name), shop/web and
     * guest/neighbour on node-1, shop/client and guest/tenant on node-2.
     */
    void addShopAndGuest(Function<String, Map<String, String>> labels, String web, String neighbour, String client, String tenant) {
        k.resource(namespace("shop", labels.apply("shop"))).create();
        k.resource(namespace("guest", labels.apply("guest"))).create();
        addPod("shop", "web", 1, web);
        addPod("guest", "neighbour", 1, neighbour);
        addPod("shop", "client", 2, client);
        addPod("guest", "tenant", 2, tenant);
    }

    /** The enforced NetworkPolicy: shop/web takes connections on {@link MiniCluster#TCP_PORT} only from app=client. */
    void enforceWebOnlyFromClient() {
        k.resource(ApiObjects.allowFrom("shop", "web", Map.of("app", "web"), Map.of("app", "client"), MiniCluster.TCP_PORT)).create();
    }

    /** Starts one agent per node with the properties {@code properties} gives for the node's number. */
    void startAgents(IntFunction<Map<String, String>> properties) {
        for (int n = 1; n <= NODES; n++) {
            agents.put(n, RunningAgent.start(api, nodeName(n), cluster.nodeNetns(n), properties.apply(n)));
        }
    }

    /** Flow observation on for {@code node}, on NFLOG group {@code group}, read in the node's namespace; plus {@code more}. */
    Map<String, String> flowProperties(int node, int group, Map<String, String> more) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("netfence.agent.flows.enabled", "true");
        p.put("netfence.agent.flows.nflog-group", String.valueOf(group));
        p.put("netfence.agent.flows.netns", "/var/run/netns/" + cluster.nodeNetns(node));
        p.putAll(more);
        return p;
    }

    Map<String, String> flowProperties(int node, int group) {
        return flowProperties(node, group, Map.of());
    }

    @AfterAll
    void closeCluster() {
        agents.values().forEach(RunningAgent::close);
        if (api != null) {
            api.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Polls {@code probe} every 50 ms until it holds; fails after 30 s naming {@code what}. */
    static void await(String what, BooleanSupplier probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out: " + what);
    }
}
