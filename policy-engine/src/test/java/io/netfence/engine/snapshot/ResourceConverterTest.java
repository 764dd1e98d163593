package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.Pod;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.ParsedManifest;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.PodOwner;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ResourceConverter on objects as {@code kubectl get ... -o yaml} prints them. */
class ResourceConverterTest {

    private static final ParsedManifest CLUSTER = ManifestParser.withDefaults().parse(Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML));

    private static PodInfo pod(String name) {
        Pod p = CLUSTER.pods().stream().filter(x -> x.getMetadata().getName().equals(name)).findFirst().orElseThrow();
        return ResourceConverter.pod(p);
    }

    @Test
    void namespacesKeepTheirLabels() {
        assertThat(CLUSTER.namespaces().stream().map(ResourceConverter::namespace).toList()).containsExactly(
                new NamespaceInfo("default", Map.of("kubernetes.io/metadata.name", "default")),
                new NamespaceInfo("kube-system", Map.of("kubernetes.io/metadata.name", "kube-system")),
                new NamespaceInfo("shop", Map.of("kubernetes.io/metadata.name", "shop", "team", "shop", "env", "prod")),
                new NamespaceInfo("monitoring", Map.of("kubernetes.io/metadata.name", "monitoring", "purpose", "observability")));
    }

    /** The API server always sets the name label to the namespace's name, overwriting whatever a manifest says. */
    @Test
    void theNameLabelIsAlwaysTheNamespacesName() {
        var ns = ManifestParser.withDefaults().parse("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                  labels:
                    kubernetes.io/metadata.name: payments
                """).namespaces().get(0);
        assertThat(ResourceConverter.namespace(ns).labels()).containsEntry("kubernetes.io/metadata.name", "shop");
    }

    @Test
    void nodesKeepInternalAddressesOfBothFamiliesAndPodCidrs() {
        assertThat(CLUSTER.nodes().stream().map(ResourceConverter::node)
                .map(n -> new NodeInfo(n.name(), n.addresses(), n.podCidrs())).toList()).containsExactly(
                new NodeInfo("demo-control-plane", List.of("172.18.0.2", "fc00:f853:ccd:e793::2"), List.of("10.244.0.0/24", "fd00:10:244::/64")),
                new NodeInfo("demo-worker", List.of("172.18.0.3", "fc00:f853:ccd:e793::3"), List.of("10.244.1.0/24", "fd00:10:244:1::/64")),
                new NodeInfo("demo-worker2", List.of("172.18.0.4", "fc00:f853:ccd:e793::4"), List.of("10.244.2.0/24", "fd00:10:244:2::/64")));
    }

    /** ClusterNetworkPolicy {@code nodes} peers select nodes by their labels. */
    @Test
    void nodesKeepTheirLabels() {
        assertThat(CLUSTER.nodes().stream().map(ResourceConverter::node).toList())
                .allSatisfy(n -> assertThat(n.labels()).containsEntry("kubernetes.io/hostname", n.name()));
    }

    @Test
    void dualStackPodWithNamedPorts() {
        assertThat(pod("coredns-7db6d8ff4d-4xk2p")).isEqualTo(new PodInfo("kube-system", "coredns-7db6d8ff4d-4xk2p",
                Map.of("k8s-app", "kube-dns", "pod-template-hash", "7db6d8ff4d"), List.of("10.244.0.3", "fd00:10:244::3"),
                "demo-control-plane", false, "Running", List.of(
                new ContainerPortInfo("dns", 53, Protocol.UDP),
                new ContainerPortInfo("dns-tcp", 53, Protocol.TCP),
                new ContainerPortInfo("metrics", 9153, Protocol.TCP)), new PodOwner("ReplicaSet", "coredns-7db6d8ff4d")));
        assertThat(pod("coredns-7db6d8ff4d-4xk2p").selectable()).isTrue();
    }

    @Test
    void portsOfAllContainersWithDefaultProtocolTcp() {
        PodInfo backend = pod("backend-5b8c7d6e4-klmno");
        assertThat(backend.ports()).containsExactly(
                new ContainerPortInfo("api", 9090, Protocol.TCP),
                new ContainerPortInfo("grpc", 9091, Protocol.TCP),
                new ContainerPortInfo("metrics", 9102, Protocol.TCP),
                new ContainerPortInfo("statsd", 8125, Protocol.UDP));
        assertThat(backend.resolveNamedPort("statsd", Protocol.UDP)).hasValue(8125);
        assertThat(backend.resolveNamedPort("statsd", Protocol.TCP)).isEmpty();
        assertThat(pod("frontend-6c9f8d7b5-abcde").resolveNamedPort("https", Protocol.TCP)).hasValue(8443);
    }

    @Test
    void hostNetworkFinishedAndIpLessPodsAreNotSelectable() {
        PodInfo etcd = pod("etcd-demo-control-plane");
        assertThat(etcd.hostNetwork()).isTrue();
        assertThat(etcd.ips()).containsExactly("172.18.0.2", "fc00:f853:ccd:e793::2");
        assertThat(etcd.selectable()).isFalse();
        assertThat(pod("kube-proxy-b8v5m").selectable()).isFalse();

        PodInfo job = pod("db-migrate-x7k2w");
        assertThat(job.phase()).isEqualTo("Succeeded");
        assertThat(job.ips()).containsExactly("10.244.2.12");
        assertThat(job.selectable()).isFalse();

        PodInfo pending = pod("frontend-6c9f8d7b5-pqrst");
        assertThat(pending.ips()).isEmpty();
        assertThat(pending.phase()).isEqualTo("Pending");
        assertThat(pending.selectable()).isFalse();
    }

    @Test
    void typedListFromTheApiAndPodIpFallback() {
        List<PodInfo> pods = ManifestParser.withDefaults().parse(Fixtures.text(Fixtures.PODLIST_API_JSON)).pods().stream()
                .map(ResourceConverter::pod).toList();
        assertThat(pods.get(0)).isEqualTo(new PodInfo("team-a", "web-0", Map.of("app", "web"), List.of("10.1.0.5"), "node-1", false,
                "Running", List.of(new ContainerPortInfo("http", 80, Protocol.TCP))));
        assertThat(pods.get(1).selectable()).isFalse();

        Pod onlyPodIp = ManifestParser.withDefaults().parse("""
                apiVersion: v1
                kind: Pod
                metadata: {name: old, namespace: a}
                status: {phase: Running, podIP: 10.9.0.1}
                """).pods().get(0);
        assertThat(ResourceConverter.pod(onlyPodIp).ips()).containsExactly("10.9.0.1");
    }
}
