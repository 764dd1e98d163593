package io.netfence.admin.nodes;

import io.netfence.watch.status.NodeFirewallStatuses;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoAgents;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.status.NodeFirewallStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Plays the agent of one demo node: the node's demo agent is paused, and the test writes the node's NodeFirewallStatus
 * through the API server (create, then the status subresource, as the real agent does) and waits until the console's
 * informer has it. {@link #close()} hands the node back to its demo agent.
 */
public final class TestAgent implements AutoCloseable {

    private final KubernetesClient client;
    private final LiveCluster cluster;
    private final DemoAgents demo;
    private final String node;

    public TestAgent(KubernetesClient client, LiveCluster cluster, DemoAgents demo, String node) {
        this.client = client;
        this.cluster = cluster;
        this.demo = demo;
        this.node = node;
        demo.pause(node);
        // let a publish the demo agent had started land before the test writes
        try {
            Thread.sleep(2 * 500 + 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A healthy report of {@code hash}, written {@code heartbeatAge} ago. */
    public static NodeFirewallStatus report(String node, String hash, Instant heartbeat, String compilerVersion, String error,
                                            Map<String, Long> drops) {
        String t = heartbeat.toString();
        boolean ok = error == null;
        return new NodeFirewallStatus(node, "test-agent", hash, t, 7, "full", t, error, new NodeFirewallStatus.Counts(4, 2, 6, 30, 3, 9),
                0, ok ? 0 : 1, drops, List.of(new NodeFirewallStatus.Condition(NodeFirewallStatus.CONDITION_SYNCED, ok ? "True" : "False",
                ok ? "Applied" : "ApplyFailed", ok ? "ok" : error, t)), compilerVersion);
    }

    public static NodeFirewallStatus report(String node, String hash) {
        return report(node, hash, Instant.now(), NodeRulesetCompiler.VERSION, null, Map.of());
    }

    public void write(NodeFirewallStatus status) {
        new NodeFirewallStatuses(client).publish(node, status, "netfence-test-agent");
        Eventually.until("the console has the test report of " + node, () -> status.equals(cluster.nodeStatuses().get(node)));
    }

    public void delete() {
        new NodeFirewallStatuses(client).delete(node);
        Eventually.until("the console has no report of " + node, () -> !cluster.nodeStatuses().containsKey(node));
    }

    @Override
    public void close() {
        demo.resume(node);
    }
}
