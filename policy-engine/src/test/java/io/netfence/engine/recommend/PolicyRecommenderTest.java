package io.netfence.engine.recommend;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.PodOwner;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.Policies;
import io.netfence.engine.workload.WorkloadRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyRecommenderTest {

    static final WorkloadRef WEB = new WorkloadRef("Deployment", "shop", "web");

    private static PodInfo web(String name, String ip, String hash) {
        return new PodInfo("shop", name, Map.of("app", "web", "tier", "front", "pod-template-hash", hash), List.of(ip), "node-1", false,
                "Running", List.of(new ContainerPortInfo("http", 8080, Protocol.TCP)), new PodOwner("ReplicaSet", "web-" + hash));
    }

    private static PodInfo pod(String ns, String name, String app, String ip) {
        return new PodInfo(ns, name, Map.of("app", app), List.of(ip), "node-2", false, "Running", List.of());
    }

    private final ClusterSnapshot snapshot = ClusterSnapshot.of(
            List.of(new NamespaceInfo("shop", Map.of()), new NamespaceInfo("guest", Map.of())),
            List.of(web("web-aaa-1", "10.0.1.1", "aaa"), web("web-bbb-2", "10.0.1.2", "bbb"), pod("shop", "client", "client", "10.0.2.1"),
                    pod("shop", "api", "api", "10.0.2.2"), pod("guest", "tenant", "tenant", "10.0.2.3")),
            List.of(new NodeInfo("node-1", List.of("192.168.0.1"), List.of())), List.of());

    private final List<ObservedConnection> observed = List.of(
            new ObservedConnection("10.0.2.1", "10.0.1.1", 8080, "tcp", true),    // client → web (allowed)
            new ObservedConnection("10.0.2.1", "10.0.1.2", 8080, "tcp", true),    // same workload, other pod
            new ObservedConnection("10.0.2.3", "10.0.1.1", 8080, "tcp", false),   // tenant → web, denied: no evidence
            new ObservedConnection("10.0.1.2", "10.0.2.2", 9000, "tcp", true),    // web → api
            new ObservedConnection("10.0.1.1", "203.0.113.10", 443, "tcp", true), // web → outside
            new ObservedConnection("10.0.2.1", "10.0.2.2", 9000, "tcp", true));   // not web's: ignored

    @Test
    void allowsExactlyTheObservedTrafficOfTheWorkload() {
        NetworkPolicy np = PolicyRecommender.recommend(snapshot, observed, "shop", WEB, true);
        assertThat(np.getMetadata().getName()).isEqualTo("web-observed");
        assertThat(np.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "web", "tier", "front"));
        assertThat(np.getSpec().getIngress()).hasSize(1);
        var from = np.getSpec().getIngress().get(0);
        assertThat(from.getFrom().get(0).getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "client"));
        assertThat(from.getFrom().get(0).getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of(NamespaceInfo.NAME_LABEL, "shop"));
        assertThat(from.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(new IntOrString("http")));
        assertThat(np.getSpec().getEgress()).hasSize(3);
        assertThat(np.getSpec().getEgress().get(0).getTo().get(0).getPodSelector().getMatchLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
        assertThat(Policies.fromNetworkPolicy(np).errors()).isEmpty();

        ReachabilityAnalyzer after = new ReachabilityAnalyzer(snapshot.withPolicy(Policies.fromNetworkPolicy(np).policy()));
        for (ObservedConnection c : observed) {
            if (c.allowed()) {
                assertThat(after.allowed(after.endpointForIp(c.sourceIp()), after.endpointForIp(c.destinationIp()), c.port(), Protocol.TCP))
                        .as("observed %s", c).isTrue();
            }
        }
        assertThat(after.allowed(after.endpointForIp("10.0.2.3"), after.endpointForIp("10.0.1.1"), 8080, Protocol.TCP)).isFalse();
        assertThat(after.allowed(after.endpointForIp("10.0.2.1"), after.endpointForIp("10.0.1.1"), 8081, Protocol.TCP)).isFalse();
        assertThat(after.allowed(after.endpointForIp("10.0.2.2"), after.endpointForIp("10.0.1.1"), 8080, Protocol.TCP)).isFalse();
        assertThat(after.allowed(after.endpointForIp("10.0.1.1"), after.endpointForIp("10.0.2.2"), 9000, Protocol.TCP))
                .as("egress to the api workload, observed from the other web pod").isTrue();
        assertThat(after.allowed(after.endpointForIp("10.0.1.1"), after.endpointForIp("10.0.2.1"), 8080, Protocol.TCP)).isFalse();
    }

    @Test
    void aNamespaceWithoutEgressSelectsAllItsPodsAndNoPodsIsAnError() {
        NetworkPolicy np = PolicyRecommender.recommend(snapshot, observed, "shop", null, false);
        assertThat(np.getMetadata().getName()).isEqualTo("shop-observed");
        assertThat(np.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(np.getSpec().getEgress()).isEmpty();
        // client → web, web → api, client → api: peers client and web (api has no named port: by number)
        assertThat(np.getSpec().getIngress()).hasSize(2);
        assertThatThrownBy(() -> PolicyRecommender.recommend(snapshot, observed, "empty", null, false)).hasMessageContaining("no pods");
    }
}
