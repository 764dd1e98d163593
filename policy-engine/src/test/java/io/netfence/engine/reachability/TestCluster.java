package io.netfence.engine.reachability;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.PolicyConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A tiny hand-built cluster for analyzer tests. */
final class TestCluster {

    final List<NamespaceInfo> namespaces = new ArrayList<>();
    final List<PodInfo> pods = new ArrayList<>();
    final List<NodeInfo> nodes = new ArrayList<>();
    final List<Policy> policies = new ArrayList<>();

    TestCluster namespace(String name, Map<String, String> labels) {
        namespaces.add(new NamespaceInfo(name, labels));
        return this;
    }

    TestCluster node(String name, String... addresses) {
        nodes.add(new NodeInfo(name, List.of(addresses), List.of()));
        return this;
    }

    TestCluster pod(String ns, String name, Map<String, String> labels, String ip, String node, ContainerPortInfo... ports) {
        pods.add(new PodInfo(ns, name, labels, ip == null ? List.of() : List.of(ip), node, false, "Running", List.of(ports)));
        return this;
    }

    TestCluster pod(PodInfo pod) {
        pods.add(pod);
        return this;
    }

    TestCluster policy(NetworkPolicy np) {
        policies.add(PolicyConverter.convert(np));
        return this;
    }

    ClusterSnapshot snapshot() {
        return ClusterSnapshot.of(namespaces, pods, nodes, policies);
    }

    ReachabilityAnalyzer analyzer() {
        return new ReachabilityAnalyzer(snapshot());
    }

    static ContainerPortInfo port(String name, int port, Protocol protocol) {
        return new ContainerPortInfo(name, port, protocol);
    }
}
