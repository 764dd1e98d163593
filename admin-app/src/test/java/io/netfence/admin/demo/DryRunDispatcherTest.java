package io.netfence.admin.demo;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo API server answers dryRun=All as a real one: checked and answered, never stored or deleted. */
class DryRunDispatcherTest {

    KubernetesMockServer server;
    KubernetesClient client;
    DryRunDispatcher dispatcher;

    @BeforeEach
    void start() {
        dispatcher = new DryRunDispatcher(new KubernetesCrudDispatcher());
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    static NetworkPolicy policy(String name) {
        return new NetworkPolicyBuilder().withNewMetadata().withName(name).withNamespace("demo").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build();
    }

    Resource<NetworkPolicy> stored(String name) {
        return client.network().v1().networkPolicies().inNamespace("demo").withName(name);
    }

    @Test
    void aDryRunCreateAnswersButStoresNothing() {
        NetworkPolicy answer = client.network().v1().networkPolicies().inNamespace("demo").resource(policy("a")).dryRun().create();
        assertThat(answer.getMetadata().getName()).isEqualTo("a");
        assertThat(stored("a").get()).isNull();
        assertThat(dispatcher.writeRequests()).containsExactly("POST /apis/networking.k8s.io/v1/namespaces/demo/networkpolicies?dryRun=All");
    }

    @Test
    void aDryRunCreateOfATakenNameIsAConflict() {
        client.network().v1().networkPolicies().inNamespace("demo").resource(policy("a")).create();
        assertThatThrownBy(() -> client.network().v1().networkPolicies().inNamespace("demo").resource(policy("a")).dryRun().create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void aDryRunUpdateChecksTheResourceVersionAndChangesNothing() {
        NetworkPolicy created = client.network().v1().networkPolicies().inNamespace("demo").resource(policy("a")).create();
        NetworkPolicy edited = new NetworkPolicyBuilder(created).editSpec().withPolicyTypes("Egress").endSpec().build();
        client.network().v1().networkPolicies().inNamespace("demo").resource(edited).dryRun().update();
        assertThat(stored("a").get().getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(stored("a").get().getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());

        NetworkPolicy stale = new NetworkPolicyBuilder(edited).editMetadata().withResourceVersion("999").endMetadata().build();
        assertThatThrownBy(() -> client.network().v1().networkPolicies().inNamespace("demo").resource(stale).dryRun().update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void aDryRunDeleteDeletesNothingAndHonoursThePrecondition() {
        NetworkPolicy created = client.network().v1().networkPolicies().inNamespace("demo").resource(policy("a")).create();
        stored("a").dryRun().delete();
        assertThat(stored("a").get()).isNotNull();
        @SuppressWarnings("unchecked")
        Resource<NetworkPolicy> stale = (Resource<NetworkPolicy>) stored("a").lockResourceVersion("999");
        assertThatThrownBy(() -> stale.dryRun().delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        @SuppressWarnings("unchecked")
        Resource<NetworkPolicy> current = (Resource<NetworkPolicy>) stored("a").lockResourceVersion(created.getMetadata().getResourceVersion());
        current.dryRun().delete();
        assertThat(stored("a").get()).isNotNull();
    }

    @Test
    void anInvalidNetworkPolicyIsRejectedWithTheFieldLikeTheApiServer() {
        NetworkPolicy bad = new NetworkPolicyBuilder(policy("a")).editSpec().withPolicyTypes("Sideways").endSpec().build();
        assertThatThrownBy(() -> client.network().v1().networkPolicies().inNamespace("demo").resource(bad).dryRun().create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses()).anySatisfy(c -> assertThat(c.getField()).startsWith("spec.policyTypes"));
                });
        assertThat(stored("a").get()).isNull();
    }

    @Test
    void theDemoAdmissionRuleRefusesKubeSystemOnTheDryRunAndTheWrite() {
        NetworkPolicy np = new NetworkPolicyBuilder(policy("a")).editMetadata().withNamespace("kube-system").endMetadata().build();
        for (boolean dryRun : new boolean[]{true, false}) {
            assertThatThrownBy(() -> client.network().v1().networkPolicies().inNamespace("kube-system").resource(np).dryRun(dryRun).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getDetails().getCauses()).singleElement()
                                .satisfies(c -> assertThat(c.getField()).isEqualTo("metadata.namespace"));
                    });
        }
        assertThat(client.network().v1().networkPolicies().inNamespace("kube-system").withName("a").get()).isNull();
    }
}
