package io.netfence.agent.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.netfence.engine.status.NodeFirewallStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes this node's {@code NodeFirewallStatus} object: created if missing, then its status subresource replaced. */
public final class StatusPublisher {

    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(NodeFirewallStatus.GROUP).withVersion(NodeFirewallStatus.VERSION)
            .withKind(NodeFirewallStatus.KIND).withPlural(NodeFirewallStatus.PLURAL).withNamespaced(false).build();

    private final KubernetesClient client;
    private final String nodeName;

    public StatusPublisher(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> api() {
        return client.genericKubernetesResources(CONTEXT);
    }

    public void publish(NodeFirewallStatus status) {
        for (int attempt = 0; ; attempt++) {
            try {
                GenericKubernetesResource obj = api().withName(nodeName).get();
                if (obj == null) {
                    obj = new GenericKubernetesResource();
                    obj.setApiVersion(NodeFirewallStatus.API_VERSION);
                    obj.setKind(NodeFirewallStatus.KIND);
                    obj.setMetadata(new ObjectMetaBuilder().withName(nodeName)
                            .addToLabels("app.kubernetes.io/managed-by", "netfence-agent").build());
                    obj.setAdditionalProperty("spec", new LinkedHashMap<>());
                    obj = api().resource(obj).create();
                }
                obj.setAdditionalProperty("status", status.toMap());
                api().resource(obj).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < 3) {
                    continue;
                }
                throw e;
            }
        }
    }

    /** The stored status of this node, if any (for tests and troubleshooting). */
    public NodeFirewallStatus read() {
        GenericKubernetesResource obj = api().withName(nodeName).get();
        if (obj == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) obj.getAdditionalProperties().get("status");
        return NodeFirewallStatus.fromMap(s);
    }
}
