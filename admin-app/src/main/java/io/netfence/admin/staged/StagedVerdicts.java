package io.netfence.admin.staged;

import io.netfence.admin.traffic.FlowReadout;
import io.netfence.admin.traffic.ObservedFlow;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.reachability.ReachabilityVerdict;
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
 * The observed flows each staged policy would deny, by the engine's staged verdict
 * ({@link ReachabilityAnalyzer#wouldDeny}): allowed today, denied were the staged policies enforced, on a side the staged
 * policy isolates. Addresses are resolved in the current snapshot, as the preview's impact does; flows of protocols
 * NetworkPolicy cannot name, or without a port, are left out. Works on any {@link FlowReadout}, so the demo's made-up
 * traffic is judged exactly like the agents' flows.
 */
public final class StagedVerdicts {

    /** Per staged policy ({@code ns/name}) the flows it would deny, busiest first. */
    public record Judged(Map<String, List<ObservedFlow>> byPolicy) {

        public List<ObservedFlow> of(String key) {
            return byPolicy.getOrDefault(key, List.of());
        }

        public long connections(String key) {
            return of(key).stream().mapToLong(ObservedFlow::count).sum();
        }
    }

    private StagedVerdicts() {
    }

    public static Judged judge(ClusterSnapshot snapshot, FlowReadout readout) {
        if (snapshot.stagedPolicies().isEmpty() || !readout.enabled()) {
            return new Judged(Map.of());
        }
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        Map<String, List<ObservedFlow>> out = new HashMap<>();
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
            for (String key : analyzer.wouldDeny(src, dst, f.port(), protocol.get())) {
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            }
        }
        Comparator<ObservedFlow> busiest = Comparator.comparingLong(ObservedFlow::count).reversed().thenComparing(ObservedFlow::sortKey);
        Map<String, List<ObservedFlow>> sorted = new TreeMap<>();
        out.forEach((k, v) -> sorted.put(k, v.stream().sorted(busiest).toList()));
        return new Judged(sorted);
    }

    /**
     * What the nodes' would-deny counters count for these flows: per node, per staged policy, the connections it would
     * deny on that node's side — ingress at the destination pod's node, egress at the source pod's node (the staged chains
     * of a pod are on its own node). The demo agents report these as their counters.
     */
    public static Map<String, Map<String, Long>> nodeCounters(ClusterSnapshot snapshot, FlowReadout readout) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        if (snapshot.stagedPolicies().isEmpty() || !readout.enabled()) {
            return out;
        }
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        for (ObservedFlow f : readout.flows()) {
            Optional<Protocol> protocol = protocol(f);
            if (!ObservedFlow.ALLOWED.equals(f.verdict()) || protocol.isEmpty()) {
                continue;
            }
            Endpoint src = analyzer.endpointForIp(f.source().ip());
            Endpoint dst = analyzer.endpointForIp(f.destination().ip());
            List<String> keys = analyzer.wouldDeny(src, dst, f.port(), protocol.get());
            if (keys.isEmpty()) {
                continue;
            }
            ReachabilityVerdict staged = analyzer.stagedVerdict(src, dst, f.port(), protocol.get());
            for (var p : snapshot.stagedPolicies()) {
                if (!keys.contains(p.key())) {
                    continue;
                }
                if (!staged.egress().allows() && src.isPod() && p.isolates(Direction.EGRESS) && p.selects(src.pod())
                        && src.pod().nodeName() != null) {
                    out.computeIfAbsent(src.pod().nodeName(), n -> new TreeMap<>()).merge(p.key(), f.count(), Long::sum);
                }
                if (!staged.ingress().allows() && dst.isPod() && p.isolates(Direction.INGRESS) && p.selects(dst.pod())
                        && dst.pod().nodeName() != null) {
                    out.computeIfAbsent(dst.pod().nodeName(), n -> new TreeMap<>()).merge(p.key(), f.count(), Long::sum);
                }
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern STAGED_ORIGIN = java.util.regex.Pattern.compile("of staged policy (\\S+/\\S+)");

    /**
     * The agents' own would-deny reports by staged policy ({@code ns/name}), attributed by the origin of the chain that
     * logged them (the agent's ruleset: "would-deny ingress of staged policy ns/name …"); reports without one are left
     * out. Busiest first.
     */
    public static Map<String, List<ObservedFlow>> agentReports(FlowReadout readout) {
        Map<String, List<ObservedFlow>> out = new TreeMap<>();
        for (ObservedFlow f : readout.wouldDeny()) {
            var m = f.chainOrigin() == null ? null : STAGED_ORIGIN.matcher(f.chainOrigin());
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
