package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.security.Actor;
import io.netfence.admin.security.WriteAccess;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/** A write that fails midway: the outcome says exactly what was written. */
class BundleServiceTest {

    KubernetesMockServer server;
    KubernetesClient client;
    List<AuditEntry> audited = new ArrayList<>();
    BundleService bundles;

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(new NamespaceInfo("a", Map.of()), new NamespaceInfo("b", Map.of()),
                new NamespaceInfo("c", Map.of())), List.of(), List.of(), List.of());
        bundles = new BundleService(new PushService(new DraftAnalyzer(), new WriteAccess(client, false), audited::add, () -> snapshot,
                (ns, name) -> Optional.empty(), Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    static String policy(String ns) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: " + ns + "}\nspec: {podSelector: {}}\n";
    }

    @Test
    void aWriteFailingMidwayReportsExactlyWhatWasWritten() {
        for (String ns : List.of("a", "b", "c")) {
            server.expect().post().withPath("/apis/networking.k8s.io/v1/namespaces/" + ns + "/networkpolicies?dryRun=All")
                    .andReturn(201, new NetworkPolicyBuilder().withNewMetadata().withName("p").withNamespace(ns).endMetadata().build()).once();
        }
        server.expect().post().withPath("/apis/networking.k8s.io/v1/namespaces/b/networkpolicies")
                .andReturn(500, new StatusBuilder().withStatus("Failure").withCode(500).withMessage("etcd timeout").build()).always();

        BundleOutcome o = bundles.push(PushServiceTest.EDITOR, policy("a") + "---\n" + policy("b") + "---\n" + policy("c"), false);

        assertThat(o.status()).isEqualTo(BundleOutcome.Status.PARTIAL);
        assertThat(o.written()).isEqualTo(1);
        assertThat(o.items()).extracting(BundleOutcome.Item::state)
                .containsExactly(BundleOutcome.State.WRITTEN, BundleOutcome.State.WRITE_FAILED, BundleOutcome.State.NOT_ATTEMPTED);
        assertThat(o.items().get(1).outcome().message()).contains("etcd timeout");
        assertThat(o.message()).contains("b/p").contains("1 of 3");
        assertThat(client.network().v1().networkPolicies().inNamespace("a").withName("p").get()).isNotNull();
        assertThat(client.network().v1().networkPolicies().inNamespace("c").withName("p").get()).isNull();
        assertThat(audited).singleElement().satisfies(e -> assertThat(e.namespace()).isEqualTo("a"));
    }

    @Test
    void aViewerWritesNothingOfABundle() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bundles.push(PushServiceTest.VIEWER, policy("a"), false))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void documentsKeepTheirLines() {
        var docs = BundleService.documents("# head\n---\n" + policy("a") + "--- # next\n\n" + policy("b") + "---\n");
        assertThat(docs).extracting(BundleService.Document::line).containsExactly(3, 9);
    }
}
