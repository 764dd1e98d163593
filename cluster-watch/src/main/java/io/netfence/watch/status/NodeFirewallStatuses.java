package io.netfence.watch.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.netfence.engine.status.NodeFirewallStatus;

/**
 * Reads and writes the {@code NodeFirewallStatus} of a node through the typed resource: the one way the agent, the
 * demo agents and the tests publish a status (create the object once, then write the status subresource).
 */
public final class NodeFirewallStatuses {

    private final KubernetesClient client;

    public NodeFirewallStatuses(KubernetesClient client) {
        this.client = client;
    }

    public MixedOperation<NodeFirewallStatusResource, KubernetesResourceList<NodeFirewallStatusResource>, Resource<NodeFirewallStatusResource>> api() {
        return client.resources(NodeFirewallStatusResource.class);
    }

    /**
     * Writes {@code status} as the status of the node's object, creating the object when it does not exist yet.
     *
     * @param managedBy the {@code app.kubernetes.io/managed-by} label of a new object
     */
    public void publish(String nodeName, NodeFirewallStatus status, String managedBy) {
        for (int attempt = 0; ; attempt++) {
            try {
                NodeFirewallStatusResource obj = api().withName(nodeName).get();
                if (obj == null) {
                    obj = new NodeFirewallStatusResource();
                    obj.setMetadata(new ObjectMetaBuilder().withName(nodeName).addToLabels("app.kubernetes.io/managed-by", managedBy).build());
                    obj.setSpec(new NodeFirewallStatusResource.Spec());
                    obj = api().resource(obj).create();
                }
                obj.setStatus(status);
                api().resource(obj).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                // someone else (a previous instance of this agent) wrote it in between: read it again
                if (e.getCode() == 409 && attempt < 3) {
                    continue;
                }
                throw e;
            }
        }
    }

    /** The stored status of this node, or null. */
    public NodeFirewallStatus read(String nodeName) {
        NodeFirewallStatusResource obj = api().withName(nodeName).get();
        return obj == null ? null : obj.getStatus();
    }

    public void delete(String nodeName) {
        api().withName(nodeName).delete();
    }
}
