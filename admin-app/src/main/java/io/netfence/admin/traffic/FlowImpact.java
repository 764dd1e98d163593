package io.netfence.admin.traffic;

import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The impact of a draft (or a delete) on real traffic: every flow observed in the last hour is judged by the engine on
 * {@code before} and on {@code after}; those whose verdict flips are listed. Addresses are resolved in each snapshot
 * (a pod's IP now, not when the flow was seen), so a flow whose pod is gone is judged as what its address is now.
 * Flows of protocols NetworkPolicy cannot name (ICMP) or without a port are left out.
 */
@Service
public class FlowImpact {

    public static final Duration WINDOW = Duration.ofHours(1);

    private final FlowSource source;

    public FlowImpact(FlowSource source) {
        this.source = source;
    }

    public TrafficImpact impact(ClusterSnapshot before, ClusterSnapshot after) {
        return impact(source.read(), before, after);
    }

    public static TrafficImpact impact(FlowReadout readout, ClusterSnapshot before, ClusterSnapshot after) {
        Instant since = readout.readAt().minus(WINDOW);
        if (!readout.enabled()) {
            return new TrafficImpact(false, since, 0, 0, List.of(), 0, List.of(), 0, readout.errors());
        }
        // built at the first flow of the window: each indexes every pod of the cluster (~0.1 s at 10,000 pods), for nothing
        // when no flow was observed (agents without flows, or none yet)
        ReachabilityAnalyzer now = null;
        ReachabilityAnalyzer then = null;
        int observed = 0;
        long connections = 0;
        List<ObservedFlow> deny = new ArrayList<>();
        List<ObservedFlow> allow = new ArrayList<>();
        for (ObservedFlow f : readout.flows()) {
            Optional<Protocol> protocol = Protocol.parse(f.protocol() == null ? "" : f.protocol().toUpperCase(Locale.ROOT));
            if (f.lastSeen().isBefore(since) || protocol.isEmpty() || f.port() < 1 || f.port() > 65535) {
                continue;
            }
            observed++;
            connections += f.count();
            if (now == null) {
                now = new ReachabilityAnalyzer(before);
                then = new ReachabilityAnalyzer(after);
            }
            boolean allowedNow = allowed(now, f, protocol.get());
            boolean allowedAfter = allowed(then, f, protocol.get());
            if (allowedNow && !allowedAfter) {
                deny.add(f);
            } else if (!allowedNow && allowedAfter) {
                allow.add(f);
            }
        }
        Comparator<ObservedFlow> busiest = Comparator.comparingLong(ObservedFlow::count).reversed().thenComparing(ObservedFlow::sortKey);
        deny.sort(busiest);
        allow.sort(busiest);
        return new TrafficImpact(true, since, observed, connections, deny, deny.stream().mapToLong(ObservedFlow::count).sum(),
                allow, allow.stream().mapToLong(ObservedFlow::count).sum(), readout.errors());
    }

    private static boolean allowed(ReachabilityAnalyzer analyzer, ObservedFlow f, Protocol protocol) {
        return analyzer.allowed(analyzer.endpointForIp(f.source().ip()), analyzer.endpointForIp(f.destination().ip()), f.port(), protocol);
    }
}
