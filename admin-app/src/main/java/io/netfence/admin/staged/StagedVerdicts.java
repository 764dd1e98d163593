package io.netfence.admin.staged;

import io.netfence.admin.traffic.FlowReadout;
import io.netfence.admin.traffic.ObservedFlow;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.reachability.StagedDenial;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The observed flows each staged policy (StagedNetworkPolicy or StagedClusterNetworkPolicy) would deny, by the engine's
 * staged verdict ({@link ReachabilityAnalyzer#stagedDenials}): allowed today, denied were the staged policies enforced,
 * attributed as the nodes' counters attribute it. Addresses are resolved in the current snapshot, as the preview's impact does; flows of protocols
 * NetworkPolicy cannot name, or without a port, are left out. Works on any {@link FlowReadout}, so the demo's made-up
 * traffic is judged exactly like the agents' flows.
 */
public final class StagedVerdicts {

    /**
     * Per staged policy the flows it would deny, busiest first: {@code byPolicy} keyed by StagedNetworkPolicy
     * {@code ns/name}, {@code byClusterPolicy} by StagedClusterNetworkPolicy name.
     */
    public record Judged(Map<String, List<ObservedFlow>> byPolicy, Map<String, List<ObservedFlow>> byClusterPolicy) {

        public Judged(Map<String, List<ObservedFlow>> byPolicy) {
            this(byPolicy, Map.of());
        }

        public List<ObservedFlow> of(String key) {
            return byPolicy.getOrDefault(key, List.of());
        }

        public long connections(String key) {
            return of(key).stream().mapToLong(ObservedFlow::count).sum();
        }

        public List<ObservedFlow> ofCluster(String name) {
            return byClusterPolicy.getOrDefault(name, List.of());
        }

        public long clusterConnections(String name) {
            return ofCluster(name).stream().mapToLong(ObservedFlow::count).sum();
        }
    }

    /**
     * What the nodes' would-deny counters count, per node: StagedNetworkPolicy {@code ns/name} → connections
     * ({@code policies}) and StagedClusterNetworkPolicy name → connections ({@code clusterPolicies}).
     */
    public record NodeCounters(Map<String, Map<String, Long>> policies, Map<String, Map<String, Long>> clusterPolicies) {
    }

    private StagedVerdicts() {
    }

    public static Judged judge(ClusterSnapshot snapshot, FlowReadout readout) {
        if (!snapshot.hasStaged() || !readout.enabled()) {
            return new Judged(Map.of(), Map.of());
        }
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        Map<String, List<ObservedFlow>> out = new HashMap<>();
        Map<String, List<ObservedFlow>> cluster = new HashMap<>();
        for (ObservedFlow f : readout.flows()) {
            if (f.denied() || !ObservedFlow.ALLOWED.equals(f.verdict())) {
                continue;
            }
            Optional<Protocol> protocol = protocol(f);
            if (protocol.isEmpty()) {
                continue;
            }
            Endpoint src = analyzer.endpointForIp(f.source().ip());
            Endpoint dst = analyzer.endpointForIp(f.destination().ip());
            java.util.Set<String> policies = new java.util.TreeSet<>();
            java.util.Set<String> clusterPolicies = new java.util.TreeSet<>();
            for (StagedDenial d : analyzer.stagedDenials(src, dst, f.port(), protocol.get())) {
                (d.kind() == StagedDenial.Kind.STAGED_NETWORK_POLICY ? policies : clusterPolicies).add(d.key());
            }
            policies.forEach(k -> out.computeIfAbsent(k, x -> new ArrayList<>()).add(f));
            clusterPolicies.forEach(k -> cluster.computeIfAbsent(k, x -> new ArrayList<>()).add(f));
        }
        return new Judged(sorted(out), sorted(cluster));
    }

    private static Map<String, List<ObservedFlow>> sorted(Map<String, List<ObservedFlow>> in) {
        Comparator<ObservedFlow> busiest = Comparator.comparingLong(ObservedFlow::count).reversed().thenComparing(ObservedFlow::sortKey);
        Map<String, List<ObservedFlow>> sorted = new TreeMap<>();
        in.forEach((k, v) -> sorted.put(k, v.stream().sorted(busiest).toList()));
        return sorted;
    }

    /**
     * What the nodes' would-deny counters count for these flows: per node, per staged policy, the connections it would
     * deny on that node's side — ingress at the destination pod's node, egress at the source pod's node (the staged chains
     * of a pod are on its own node), attributed as the engine's {@link ReachabilityAnalyzer#stagedDenials} attributes
     * them. The demo agents report these as their counters.
     */
    public static NodeCounters nodeCounters(ClusterSnapshot snapshot, FlowReadout readout) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        Map<String, Map<String, Long>> cluster = new TreeMap<>();
        if (!snapshot.hasStaged() || !readout.enabled()) {
            return new NodeCounters(out, cluster);
        }
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        for (ObservedFlow f : readout.flows()) {
            Optional<Protocol> protocol = protocol(f);
            if (!ObservedFlow.ALLOWED.equals(f.verdict()) || protocol.isEmpty()) {
                continue;
            }
            Endpoint src = analyzer.endpointForIp(f.source().ip());
            Endpoint dst = analyzer.endpointForIp(f.destination().ip());
            for (StagedDenial d : analyzer.stagedDenials(src, dst, f.port(), protocol.get())) {
                Endpoint side = d.direction() == Direction.EGRESS ? src : dst;
                if (side.isPod() && side.pod().nodeName() != null) {
                    (d.kind() == StagedDenial.Kind.STAGED_NETWORK_POLICY ? out : cluster)
                            .computeIfAbsent(side.pod().nodeName(), n -> new TreeMap<>()).merge(d.key(), f.count(), Long::sum);
                }
            }
        }
        return new NodeCounters(out, cluster);
    }

    private static final java.util.regex.Pattern STAGED_ORIGIN = java.util.regex.Pattern.compile("of staged policy (\\S+/\\S+)");

    private static final java.util.regex.Pattern STAGED_CLUSTER_ORIGIN = java.util.regex.Pattern.compile(
            "of staged ClusterNetworkPolicy (\\S+)");

    /**
     * The agents' own would-deny reports by staged policy ({@code ns/name}), attributed by the origin of the chain that
     * logged them (the agent's ruleset: "would-deny ingress of staged policy ns/name …"); reports without one are left
     * out. Busiest first.
     */
    public static Map<String, List<ObservedFlow>> agentReports(FlowReadout readout) {
        return agentReports(readout, STAGED_ORIGIN);
    }

    /**
     * The same for StagedClusterNetworkPolicies (by name; "would-deny ingress of staged ClusterNetworkPolicy name …").
     */
    public static Map<String, List<ObservedFlow>> agentClusterReports(FlowReadout readout) {
        return agentReports(readout, STAGED_CLUSTER_ORIGIN);
    }

    private static Map<String, List<ObservedFlow>> agentReports(FlowReadout readout, java.util.regex.Pattern origin) {
        Map<String, List<ObservedFlow>> out = new TreeMap<>();
        for (ObservedFlow f : readout.wouldDeny()) {
            var m = f.chainOrigin() == null ? null : origin.matcher(f.chainOrigin());
            if (m != null && m.find()) {
                out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
            }
        }
        Comparator<ObservedFlow> busiest = Comparator.comparingLong(ObservedFlow::count).reversed().thenComparing(ObservedFlow::sortKey);
        out.replaceAll((k, v) -> v.stream().sorted(busiest).toList());
        return out;
    }

    private static Optional<Protocol> protocol(ObservedFlow f) {
        if (f.port() < 1 || f.port() > 65535 || f.protocol() == null) {
            return Optional.empty();
        }
        return Protocol.parse(f.protocol().toUpperCase(Locale.ROOT));
    }
}
