package io.netfence.admin.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.netfence.admin.Eventually;
import io.netfence.engine.status.NodeFirewallStatus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class LiveClusterTest {

    /** A CRUD API server on which the NodeFirewallStatus resource does not exist until {@code installed} is set. */
    static final class CrdLaterDispatcher extends KubernetesCrudDispatcher {
        final AtomicBoolean installed = new AtomicBoolean();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (!installed.get() && request.getPath().startsWith("/apis/" + NodeFirewallStatus.API_VERSION + "/")) {
                return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");
            }
            return super.dispatch(request);
        }
    }

    @Test
    void nodeFirewallStatusCrdInstalledAfterStartIsPickedUpWithoutARestart() throws Exception {
        CrdLaterDispatcher dispatcher = new CrdLaterDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        try (KubernetesClient client = server.createClient(); LiveCluster cluster = new LiveCluster(client)) {
            assertThat(cluster.nodeStatuses()).isEmpty();

            dispatcher.installed.set(true);
            // this test's API server has no CRD object, so no status subresource: the status goes in with the create
            var status = new io.netfence.watch.status.NodeFirewallStatusResource();
            status.setMetadata(new ObjectMetaBuilder().withName("worker-a").build());
            status.setStatus(new NodeFirewallStatus("worker-a", null, "abc123", null, 0, null, null, null, null, 0, 0, null, null, null));
            client.resources(io.netfence.watch.status.NodeFirewallStatusResource.class).resource(status).create();

            Eventually.until("the status of worker-a is seen", () -> cluster.nodeStatuses().containsKey("worker-a")
                    && "abc123".equals(cluster.nodeStatuses().get("worker-a").rulesetHash()));
            assertThat(cluster.nodeStatuses().get("worker-a").rulesetHash()).isEqualTo("abc123");
        } finally {
            server.destroy();
        }
    }
}
