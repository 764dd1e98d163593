package io.netfence.agent.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.agent.NodeAgentApplication;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.ProcessCommandRunner;
import io.netfence.agent.metrics.AgentMetrics;
import io.netfence.agent.sync.SyncTracker;
import io.netfence.watch.ClusterWatcher;
import io.netfence.engine.snapshot.ClusterState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node agent as a Spring Boot application in this JVM: its own Kubernetes client to the mock API server and
 * its iptables/ipset commands bound to one node network namespace through the command prefix.
 */
final class RunningAgent implements AutoCloseable {

    final String nodeName;
    final FaultInjectingRunner runner;
    private final ConfigurableApplicationContext context;

    private RunningAgent(String nodeName, FaultInjectingRunner runner, ConfigurableApplicationContext context) {
        this.nodeName = nodeName;
        this.runner = runner;
        this.context = context;
    }

    static RunningAgent start(MockApiServer api, String nodeName, String netns, Map<String, String> extraProps) {
        FaultInjectingRunner runner = new FaultInjectingRunner(new ProcessCommandRunner(List.of("ip", "netns", "exec", netns)));
        KubernetesClient client = api.newClient();
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("netfence.agent.node-name", nodeName);
        props.put("netfence.agent.ipv6", "false");
        props.put("netfence.agent.sync.debounce", "20ms");
        props.put("netfence.agent.sync.max-delay", "100ms");
        props.put("netfence.agent.sync.retry-initial", "100ms");
        props.put("netfence.agent.sync.retry-max", "1s");
        props.put("netfence.agent.resync-period", "500ms");
        props.put("netfence.agent.heartbeat", "1s");
        props.put("spring.main.banner-mode", "off");
        props.putAll(extraProps);  // a test's settings replace the defaults (repeating an argument would join the values)
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(NodeAgentApplication.class)
                .initializers(c -> {
                    GenericApplicationContext g = (GenericApplicationContext) c;
                    g.registerBean("testKubernetesClient", KubernetesClient.class, () -> client);
                    g.registerBean("testCommandRunner", CommandRunner.class, () -> runner);
                })
                .run(args.toArray(String[]::new));
        return new RunningAgent(nodeName, runner, ctx);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    SyncTracker tracker() {
        return context.getBean(SyncTracker.class);
    }

    double syncs(String result, SyncKind kind) {
        return context.getBean(AgentMetrics.class).syncs(result, kind);
    }

    /** Every informer has an open watch (as the agent's health reports it). */
    boolean watching() {
        return context.getBean(ClusterWatcher.class).watching();
    }

    /** The agent's cluster state holds this NetworkPolicy. */
    boolean knowsPolicy(String namespace, String name) {
        return context.getBean(ClusterState.class).snapshot().policies().stream()
                .anyMatch(p -> p.namespace().equals(namespace) && p.name().equals(name));
    }

    /**
     * Runs {@code edit} (e.g. an operator tampering with the kernel in several commands) while the agent's sync thread
     * is parked between two syncs, so no drift check sees, or repairs into, a half-done edit.
     */
    void betweenSyncs(Runnable edit) {
        java.util.concurrent.CountDownLatch parked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        // listeners run on the sync thread after each sync was recorded; this one parks it once
        tracker().addListener(o -> {
            if (once.compareAndSet(false, true)) {
                parked.countDown();
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            // the periodic resync ends a sync at least every resync period
            if (!parked.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the sync thread of " + nodeName + " did not finish a sync");
            }
            edit.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            release.countDown();
        }
    }

    /** This agent holds the ClusterNetworkPolicy status lease (it is the one writer of their conditions). */
    boolean writesClusterPolicyStatus() {
        return context.getBean(io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusController.class).leading();
    }

    /** A property of the running agent's environment, e.g. local.management.port. */
    String property(String key) {
        return context.getEnvironment().getProperty(key);
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** GET an actuator path; returns "status-code body". */
    String get(String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
