package io.netfence.agent.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.engine.status.NodeFirewallStatus;
import io.netfence.watch.status.NodeFirewallStatuses;

/** Writes this node's {@code NodeFirewallStatus} (the object named after the node) through the typed resource. */
public final class StatusPublisher {

    private final NodeFirewallStatuses statuses;
    private final String nodeName;

    public StatusPublisher(KubernetesClient client, String nodeName) {
        this.statuses = new NodeFirewallStatuses(client);
        this.nodeName = nodeName;
    }

    public void publish(NodeFirewallStatus status) {
        statuses.publish(nodeName, status, "netfence-agent");
    }

    /** The stored status of this node, if any (for tests and troubleshooting). */
    public NodeFirewallStatus read() {
        return statuses.read(nodeName);
    }
}
