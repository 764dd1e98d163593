package io.netfence.admin.preview;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.netfence.admin.connectivity.ConnectivityService;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ConnectivityMatrix;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Connectivity cells (pod → pod on a port) that differ between two states of the cluster, as the matrix shows them. */
public final class MatrixImpact {

    /** A port the impact is computed for. */
    public record Probe(int port, Protocol protocol) {
    }

    /** One cell whose verdict changes: {@code allowedAfter} true = gained, false = lost. */
    public record CellChange(String from, String to, int port, String protocol, boolean allowedAfter) {
        public String change() {
            return allowedAfter ? "gained" : "lost";
        }
    }

    private MatrixImpact() {
    }

    /**
     * The numeric ports the policy's rules name, plus one port they do not name (80/TCP, or 8080): a policy isolates its
     * pods on every other port too, and that is where adding or deleting it often changes most.
     */
    public static List<Probe> probes(NetworkPolicy np) {
        Set<Probe> probes = new LinkedHashSet<>();
        if (np != null && np.getSpec() != null) {
            Stream.concat(np.getSpec().getIngress() == null ? Stream.empty() : np.getSpec().getIngress().stream().map(r -> r.getPorts()),
                            np.getSpec().getEgress() == null ? Stream.empty() : np.getSpec().getEgress().stream().map(r -> r.getPorts()))
                    .filter(ports -> ports != null).flatMap(List::stream)
                    .filter(p -> p != null && p.getPort() != null && p.getPort().getIntVal() != null)
                    .forEach(p -> probes.add(new Probe(p.getPort().getIntVal(), protocol(p))));
        }
        List<Probe> named = probes.stream().limit(4).toList();
        Probe other = named.contains(new Probe(80, Protocol.TCP)) ? new Probe(8080, Protocol.TCP) : new Probe(80, Protocol.TCP);
        return Stream.concat(named.stream(), Stream.of(other)).distinct().toList();
    }

    private static Protocol protocol(NetworkPolicyPort p) {
        return p.getProtocol() == null ? Protocol.TCP : Protocol.parse(p.getProtocol()).orElse(Protocol.TCP);
    }

    /**
     * @param namespace pods of this namespace come first when the cluster has more pods than a matrix shows
     */
    public static List<CellChange> between(ClusterSnapshot before, ClusterSnapshot after, String namespace, List<Probe> probes) {
        List<Endpoint> endpoints = ConnectivityMatrix.podEndpoints(before).stream()
                .sorted(Comparator.comparing((Endpoint e) -> e.pod() == null || !namespace.equals(e.pod().namespace())))
                .limit(ConnectivityService.MAX_ENDPOINTS).toList();
        List<CellChange> out = new ArrayList<>();
        for (Probe probe : probes) {
            ConnectivityMatrix was = ConnectivityMatrix.compute(before, endpoints, probe.port(), probe.protocol());
            ConnectivityMatrix now = ConnectivityMatrix.compute(after, endpoints, probe.port(), probe.protocol());
            for (int i = 0; i < endpoints.size(); i++) {
                for (int j = 0; j < endpoints.size(); j++) {
                    if (was.allowed(i, j) != now.allowed(i, j)) {
                        out.add(new CellChange(endpoints.get(i).label(), endpoints.get(j).label(), probe.port(), probe.protocol().name(),
                                now.allowed(i, j)));
                    }
                }
            }
        }
        return out;
    }
}
