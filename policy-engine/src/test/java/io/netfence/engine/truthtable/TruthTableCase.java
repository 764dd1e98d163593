package io.netfence.engine.truthtable;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ConnectivityMatrix;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One truth-table case: NetworkPolicies (fabric8 objects, possibly built from the model's IPs), optional
 * mutations applied before probing, and probes with their whole expected 9×9 matrix.
 *
 * <p>How another suite uses it: {@link #snapshot(ModelCluster)} (or {@link #policies(ModelCluster)} plus
 * {@link ModelCluster#pods(List)} / {@link ModelCluster#namespaces(List)} with {@link #mutations()}) gives the
 * cluster to enforce; then for each {@link #probes()} entry, probe every pod pair on {@code port/protocol} and
 * compare with {@link Probe#expected()} ({@link PodMatrix#diff(PodMatrix)} prints the difference).
 * {@link #expectedFromNodes(ModelCluster, int, Protocol)} adds the node → pod dimension.
 */
public final class TruthTableCase {

    private final String name;
    private final String description;
    private final Function<ModelCluster, List<NetworkPolicy>> policies;
    private final List<Mutation> mutations;
    private final List<Probe> probes;

    private TruthTableCase(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.policies = b.policies;
        this.mutations = List.copyOf(b.mutations);
        this.probes = List.copyOf(b.probes);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The case's NetworkPolicies for this model's addresses. */
    public List<NetworkPolicy> policies(ModelCluster cluster) {
        return policies.apply(cluster);
    }

    public List<Mutation> mutations() {
        return mutations;
    }

    public List<Probe> probes() {
        return probes;
    }

    /** The model cluster with this case's policies, after its mutations. */
    public ClusterSnapshot snapshot(ModelCluster cluster) {
        return cluster.snapshot(policies(cluster), mutations);
    }

    /** What the engine's analyzer says for one probe, as a 9×9 matrix (pods by their first IP). */
    public PodMatrix analyzerMatrix(ModelCluster cluster, int port, Protocol protocol) {
        ClusterSnapshot s = snapshot(cluster);
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(s);
        List<Endpoint> endpoints = ModelCluster.POD_KEYS.stream()
                .map(k -> Endpoint.pod(s.pod(k.substring(0, 1), k.substring(2)).orElseThrow(), cluster.ip(k))).toList();
        ConnectivityMatrix m = ConnectivityMatrix.compute(s, endpoints, port, protocol);
        return PodMatrix.of(ModelCluster.POD_KEYS, ModelCluster.POD_KEYS,
                (from, to) -> m.allowed(ModelCluster.POD_KEYS.indexOf(from), ModelCluster.POD_KEYS.indexOf(to)));
    }

    /**
     * The expected node → pod matrix: one row per node address (e.g. {@code 192.168.100.1}), one column per pod.
     * Derived from the analyzer: a node always reaches the pods running on it (kubelet probes); other nodes'
     * addresses are judged by ipBlock peers like any address.
     */
    public PodMatrix expectedFromNodes(ModelCluster cluster, int port, Protocol protocol) {
        ClusterSnapshot s = snapshot(cluster);
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(s);
        List<String> addresses = new ArrayList<>();
        List<Endpoint> sources = new ArrayList<>();
        for (ModelCluster.ModelNode node : cluster.nodes()) {
            for (String addr : node.addresses()) {
                addresses.add(addr);
                sources.add(Endpoint.nodeAddress(node.name(), addr));
            }
        }
        List<Endpoint> pods = ModelCluster.POD_KEYS.stream()
                .map(k -> Endpoint.pod(s.pod(k.substring(0, 1), k.substring(2)).orElseThrow(), cluster.ip(k))).toList();
        ConnectivityMatrix m = ConnectivityMatrix.compute(s, sources, pods, port, protocol);
        return PodMatrix.of(addresses, ModelCluster.POD_KEYS,
                (from, to) -> m.allowed(addresses.indexOf(from), ModelCluster.POD_KEYS.indexOf(to)));
    }

    @Override
    public String toString() {
        return name;
    }

    public static final class Builder {
        private final String name;
        private String description = "";
        private Function<ModelCluster, List<NetworkPolicy>> policies = c -> List.of();
        private final List<Mutation> mutations = new ArrayList<>();
        private final List<Probe> probes = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Policies that do not depend on addresses. */
        public Builder policies(NetworkPolicy... policies) {
            List<NetworkPolicy> list = List.of(policies);
            this.policies = c -> list;
            return this;
        }

        /** Policies built from the model (e.g. ipBlocks from pod IPs). */
        public Builder policies(Function<ModelCluster, List<NetworkPolicy>> policies) {
            this.policies = policies;
            return this;
        }

        public Builder mutate(Mutation... mutations) {
            this.mutations.addAll(List.of(mutations));
            return this;
        }

        /** The expected matrix (text table) of one or more probes, each written {@code TCP/80}. */
        public Builder expect(String table, String... probes) {
            PodMatrix m = PodMatrix.parse(table);
            if (!m.rows().equals(ModelCluster.POD_KEYS) || !m.columns().equals(ModelCluster.POD_KEYS)) {
                throw new IllegalArgumentException("case " + name + ": a matrix must list " + ModelCluster.POD_KEYS + " as rows and columns");
            }
            for (String p : probes) {
                this.probes.add(Probe.parse(p, m));
            }
            return this;
        }

        public TruthTableCase build() {
            if (probes.isEmpty()) {
                throw new IllegalStateException("case " + name + " has no probes");
            }
            return new TruthTableCase(this);
        }
    }
}
