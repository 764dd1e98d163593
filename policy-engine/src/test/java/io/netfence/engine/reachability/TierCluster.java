package io.netfence.engine.reachability;

import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.ParsedManifest;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.Policies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tier truth-table cluster: tenants a and b, monitoring, a host-network pod, two labelled nodes. Policies are
 * given as YAML (NetworkPolicy and ClusterNetworkPolicy documents), validated on the way in.
 */
final class TierCluster {

    static final String A1 = "10.0.1.1";
    static final String A2 = "10.0.1.2";
    static final String B1 = "10.0.2.1";
    static final String MON = "10.0.3.1";
    static final String N1 = "192.168.0.1";
    static final String N2 = "192.168.0.2";

    final List<NamespaceInfo> namespaces = List.of(
            new NamespaceInfo("tenant-a", Map.of("tenant", "a")),
            new NamespaceInfo("tenant-b", Map.of("tenant", "b")),
            new NamespaceInfo("monitoring", Map.of("role", "monitoring")));
    final List<NodeInfo> nodes = List.of(
            new NodeInfo("n1", List.of(N1), List.of("10.0.0.0/17"), Map.of("role", "worker")),
            new NodeInfo("n2", List.of(N2), List.of("10.0.128.0/17"), Map.of("role", "control")));
    final List<PodInfo> pods = List.of(
            new PodInfo("tenant-a", "a1", Map.of("app", "web"), List.of(A1), "n1", false, "Running",
                    List.of(new ContainerPortInfo("http", 8080, Protocol.TCP))),
            new PodInfo("tenant-a", "a2", Map.of("app", "db"), List.of(A2), "n2", false, "Running", List.of()),
            new PodInfo("tenant-b", "b1", Map.of("app", "web"), List.of(B1), "n2", false, "Running",
                    List.of(new ContainerPortInfo("http", 9090, Protocol.TCP))),
            new PodInfo("monitoring", "prom", Map.of("app", "prom"), List.of(MON), "n1", false, "Running", List.of()),
            new PodInfo("tenant-b", "agent", Map.of("app", "agent"), List.of(N2), "n2", true, "Running", List.of()));

    private final List<Policy> policies = new ArrayList<>();
    private final List<ClusterNetworkPolicy> clusterPolicies = new ArrayList<>();

    TierCluster with(String yaml) {
        ParsedManifest parsed = ManifestParser.withDefaults().parse(yaml);
        parsed.networkPolicies().forEach(np -> policies.add(Policies.fromNetworkPolicy(np).orElseThrow()));
        parsed.clusterNetworkPolicies().forEach(c -> {
            var v = Policies.fromClusterNetworkPolicy(c);
            assertThat(v.errors()).as("test input must be valid").isEmpty();
            clusterPolicies.add(v.policy());
        });
        return this;
    }

    ClusterSnapshot snapshot() {
        return ClusterSnapshot.of(namespaces, pods, nodes, policies, clusterPolicies);
    }

    ReachabilityAnalyzer analyzer() {
        return new ReachabilityAnalyzer(snapshot());
    }

    ReachabilityVerdict verdict(String from, String to, int port) {
        ReachabilityAnalyzer a = analyzer();
        return a.verdict(a.endpointForIp(from), a.endpointForIp(to), port, Protocol.TCP);
    }

    boolean allowed(String from, String to, int port) {
        return verdict(from, to, port).allowed();
    }

    /** Pods, both nodes and two outside addresses. */
    List<Endpoint> endpoints() {
        ClusterSnapshot s = snapshot();
        List<Endpoint> e = new ArrayList<>(ConnectivityMatrix.podEndpoints(s));
        e.add(Endpoint.nodeAddress("n1", N1));
        e.add(Endpoint.ip("169.254.169.254"));
        e.add(Endpoint.ip("8.8.8.8"));
        return e;
    }

    /** The matrix agrees with the analyzer on every pair, on the given ports. */
    void assertMatrixAgrees(int... ports) {
        ClusterSnapshot s = snapshot();
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(s);
        List<Endpoint> e = endpoints();
        for (int port : ports) {
            ConnectivityMatrix m = ConnectivityMatrix.compute(s, e, port, Protocol.TCP);
            for (int i = 0; i < e.size(); i++) {
                for (int j = 0; j < e.size(); j++) {
                    assertThat(m.allowed(i, j)).as("%s", a.verdict(e.get(i), e.get(j), port, Protocol.TCP).describe())
                            .isEqualTo(a.verdict(e.get(i), e.get(j), port, Protocol.TCP).allowed());
                }
            }
        }
    }

    static String cnp(String name, String tier, int priority, String subject, String rules) {
        return "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: " + name
                + "\nspec:\n  tier: " + tier + "\n  priority: " + priority + "\n  subject:\n" + indent(subject, 4) + indent(rules, 2) + "---\n";
    }

    static String np(String namespace, String name, String spec) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name + "\n  namespace: " + namespace
                + "\nspec:\n" + indent(spec, 2) + "---\n";
    }

    private static String indent(String text, int n) {
        String pad = " ".repeat(n);
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            sb.append(pad).append(line).append('\n');
        }
        return sb.toString();
    }
}
