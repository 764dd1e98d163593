package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.Map;

import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.MiniCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two node agents enforce ClusterNetworkPolicies created, updated and deleted through the (mock) API server, with the
 * upstream CRD installed as the chart does: real TCP probes on the two-node network-namespace cluster, same-node and
 * cross-node. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNetworkPolicyE2ETest extends TwoNodeAgentE2E {

    static final String WEB = "10.77.1.20";
    static final String NEIGHBOUR = "10.77.1.21";
    static final String CLIENT = "10.77.2.20";
    static final String TENANT = "10.77.2.21";
    static final Path CNP_CRD = Path.of("..", "charts", "netfence", "files", "clusternetworkpolicies.policy.networking.k8s.io.yaml");
    static final ResourceDefinitionContext CNP = new ResourceDefinitionContext.Builder().withGroup("policy.networking.k8s.io")
            .withVersion("v1alpha2").withKind("ClusterNetworkPolicy").withPlural("clusternetworkpolicies").withNamespaced(false).build();

    @BeforeAll
    void setUp() {
        startCluster(CNP_CRD);
        addShopAndGuest(ns -> Map.of("tenant", ns), WEB, NEIGHBOUR, CLIENT, TENANT);
        // short lease timings, so that the status writer is elected within the test's waits
        startAgents(n -> Map.of(
                "netfence.agent.cnp-status.lease-duration", "3s", "netfence.agent.cnp-status.renew-deadline", "2s",
                "netfence.agent.cnp-status.retry-period", "300ms", "netfence.agent.cnp-status.check-period", "300ms",
                "netfence.agent.cnp-status.lease-namespace", "netfence"));
    }

    private static GenericKubernetesResource isolateShop(String action) {
        return io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata:
                  name: tenant-isolation
                spec:
                  tier: Admin
                  priority: 10
                  subject:
                    namespaces: {matchLabels: {tenant: shop}}
                  ingress:
                  - name: from-guests
                    action: %s
                    from:
                    - namespaces: {matchLabels: {tenant: guest}}
                """.formatted(action), GenericKubernetesResource.class);
    }

    @Test
    @Order(1)
    void withoutClusterPoliciesEverythingIsReachable() {
        await("agents enforce the empty state", () -> cluster.tcp("tenant", WEB) && cluster.tcp("neighbour", WEB));
        assertThat(cluster.tcp("client", WEB)).isTrue();
    }

    @Test
    @Order(2)
    void createdAdminDenyIsEnforcedSameNodeAndCrossNode() {
        k.genericKubernetesResources(CNP).resource(isolateShop("Deny")).create();
        await("guest/tenant → shop/web denied (cross-node)", () -> !cluster.tcp("tenant", WEB));
        await("guest/neighbour → shop/web denied (same node)", () -> !cluster.tcp("neighbour", WEB));
        assertThat(cluster.tcp("client", WEB)).as("same tenant").isTrue();
        assertThat(cluster.tcp("web", TENANT)).as("egress of shop is not judged").isTrue();
        assertThat(cluster.tcpFromNode(1, WEB)).as("the node may always reach its pods").isTrue();
        await("the Accepted condition of generation 1", () -> "1".equals(accepted("observedGeneration")));
        assertThat(accepted("reason")).isEqualTo("Enforced");
        assertThat(agents.values().stream().filter(RunningAgent::writesClusterPolicyStatus)).as("one writer").hasSize(1);
        RunningAgent writer = agents.values().stream().filter(RunningAgent::writesClusterPolicyStatus).findFirst().orElseThrow();
        RunningAgent other = agents.values().stream().filter(a -> a != writer).findFirst().orElseThrow();
        await("the write counted", () -> metric(writer, "netfence_cnp_status_writes_total") == 1);
        assertThat(metric(writer, "netfence_cnp_status_leader")).isEqualTo(1);
        assertThat(metric(other, "netfence_cnp_status_writes_total")).isZero();
        assertThat(metric(other, "netfence_cnp_status_leader")).isZero();
        assertThat(k.leases().inNamespace("netfence").withName("netfence-cnp-status").get().getSpec().getHolderIdentity())
                .isEqualTo(writer.nodeName);
    }

    /** A field of the stored policy's Accepted condition, as a string (null while there is none). */
    private String accepted(String field) {
        GenericKubernetesResource o = k.genericKubernetesResources(CNP).withName("tenant-isolation").get();
        Object status = o == null ? null : o.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> s && s.get("conditions") instanceof java.util.List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && "Accepted".equals(m.get("type"))) {
                    return String.valueOf(m.get(field));
                }
            }
        }
        return null;
    }

    private static double metric(RunningAgent agent, String name) {
        return agent.get("/actuator/prometheus").lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    @Order(3)
    void updatedToPassHandsTheTrafficBackToTheDefault() {
        k.genericKubernetesResources(CNP).resource(isolateShop("Pass")).update();
        await("guest/tenant → shop/web allowed again", () -> cluster.tcp("tenant", WEB));
        await("guest/neighbour → shop/web allowed again", () -> cluster.tcp("neighbour", WEB));
        await("the condition follows the new generation", () -> "2".equals(accepted("observedGeneration")));
    }

    @Test
    @Order(4)
    void deletedPolicyIsNoLongerEnforced() {
        k.genericKubernetesResources(CNP).resource(isolateShop("Deny")).update();
        await("denied again", () -> !cluster.tcp("tenant", WEB));
        k.genericKubernetesResources(CNP).withName("tenant-isolation").delete();
        await("after delete: guest/tenant → shop/web allowed", () -> cluster.tcp("tenant", WEB));
        await("after delete: guest/neighbour → shop/web allowed", () -> cluster.tcp("neighbour", WEB));
    }
}
