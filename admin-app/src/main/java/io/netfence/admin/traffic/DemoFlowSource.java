package io.netfence.admin.traffic;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.workload.WorkloadRef;
import io.netfence.engine.workload.Workloads;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Made-up traffic for the embedded demo cluster: the calls its workloads would make (ingress controller → web, web →
 * api → orders → payments, the apps → their databases, Prometheus scraping, everyone → DNS, a batch worker → an
 * outside address) plus a few a misconfigured or curious client would try (storefront → postgres, web → payments,
 * grafana → redis). Each connection's verdict is the engine's ({@link ReachabilityAnalyzer}) on the current snapshot,
 * so the demo's flows agree with its policies, and change when they do. Counts and times are deterministic (from the
 * pair's names), times relative to the read.
 */
public final class DemoFlowSource implements FlowSource {

    /** A call from the pods of one workload to the pods of another, on a named container port of the destination. */
    record Call(String fromNamespace, String fromWorkload, String toNamespace, String toWorkload, String portName, Protocol protocol) {
    }

    static final String OUTSIDE = "203.0.113.10";

    private static final List<Call> CALLS = List.of(
            tcp("ingress-nginx", "ingress-nginx-controller", "frontend", "web", "http"),
            tcp("ingress-nginx", "ingress-nginx-controller", "frontend", "storefront", "http"),
            tcp("frontend", "web", "backend", "api", "http"),
            tcp("frontend", "storefront", "backend", "api", "http"),
            tcp("backend", "api", "backend", "orders", "http"),
            tcp("backend", "orders", "backend", "payments", "https"),
            tcp("backend", "api", "data", "postgres", "postgres"),
            tcp("backend", "orders", "data", "postgres", "postgres"),
            tcp("backend", "api", "data", "redis", "redis"),
            tcp("backend", "orders", "data", "kafka", "kafka"),
            tcp("backend", "worker", "data", "kafka", "kafka"),
            tcp("monitoring", "prometheus", "frontend", "web", "metrics"),
            tcp("monitoring", "prometheus", "backend", "api", "metrics"),
            tcp("monitoring", "prometheus", "data", "kafka", "metrics"),
            tcp("monitoring", "grafana", "monitoring", "prometheus", "web"),
            // what should not happen, and the demo policies deny (or the preview shows they do not)
            tcp("frontend", "storefront", "data", "postgres", "postgres"),
            tcp("frontend", "web", "backend", "payments", "https"),
            tcp("monitoring", "grafana", "data", "redis", "redis"),
            tcp("backend", "worker", "backend", "payments", "https"));

    private final Supplier<ClusterSnapshot> snapshot;
    private final Clock clock;

    public DemoFlowSource(Supplier<ClusterSnapshot> snapshot, Clock clock) {
        this.snapshot = snapshot;
        this.clock = clock;
    }

    private static Call tcp(String fromNs, String from, String toNs, String to, String port) {
        return new Call(fromNs, from, toNs, to, port, Protocol.TCP);
    }

    @Override
    public FlowReadout read() {
        ClusterSnapshot s = snapshot.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(s);
        Map<WorkloadRef, List<PodInfo>> workloads = Workloads.group(s.pods().stream().filter(p -> !p.ips().isEmpty()).toList());
        List<ObservedFlow> flows = new ArrayList<>();
        for (Call call : CALLS) {
            List<PodInfo> from = podsOf(workloads, call.fromNamespace(), call.fromWorkload());
            List<PodInfo> to = podsOf(workloads, call.toNamespace(), call.toWorkload());
            for (int i = 0; i < from.size() && !to.isEmpty(); i++) {
                PodInfo dst = to.get(i % to.size());
                int port = dst.resolveNamedPort(call.portName(), call.protocol()).orElse(0);
                if (port > 0) {
                    flows.add(flow(analyzer, from.get(i), analyzer.endpoint(dst), port, call.protocol(), now));
                }
            }
        }
        // every pod-network pod asks DNS; the batch workers also call out of the cluster
        List<PodInfo> dns = podsOf(workloads, "kube-system", "coredns");
        List<PodInfo> clients = workloads.entrySet().stream().filter(e -> !e.getKey().namespace().equals("kube-system"))
                .flatMap(e -> e.getValue().stream().limit(1)).filter(p -> !p.hostNetwork()).toList();
        for (int i = 0; i < clients.size() && !dns.isEmpty(); i++) {
            PodInfo dst = dns.get(i % dns.size());
            flows.add(flow(analyzer, clients.get(i), analyzer.endpoint(dst), 53, Protocol.UDP, now));
        }
        for (PodInfo worker : podsOf(workloads, "backend", "worker")) {
            flows.add(flow(analyzer, worker, analyzer.endpointForIp(OUTSIDE), 443, Protocol.TCP, now));
        }
        return new FlowReadout(true, flows, List.of(), now);
    }

    private static List<PodInfo> podsOf(Map<WorkloadRef, List<PodInfo>> workloads, String namespace, String name) {
        return workloads.entrySet().stream().filter(e -> e.getKey().namespace().equals(namespace) && e.getKey().name().equals(name))
                .flatMap(e -> e.getValue().stream()).sorted(Comparator.comparing(PodInfo::name)).toList();
    }

    private static ObservedFlow flow(ReachabilityAnalyzer analyzer, PodInfo src, Endpoint dst, int port, Protocol protocol, Instant now) {
        Endpoint source = analyzer.endpoint(src);
        boolean allowed = analyzer.allowed(source, dst, port, protocol);
        int h = Math.floorMod((src.key() + ">" + dst.ip() + ":" + port).hashCode(), 1_000_003);
        long count = allowed ? 20 + h % 2000 : 1 + h % 12;
        Instant last = now.minus(Duration.ofSeconds(h % 3000));
        Instant first = last.minus(Duration.ofMinutes(30 + h % 600));
        String node = dst.isPod() && dst.pod().nodeName() != null ? dst.pod().nodeName() : src.nodeName();
        return new ObservedFlow(endpoint(source), endpoint(dst), port, protocol.kernelName(),
                allowed ? ObservedFlow.ALLOWED : ObservedFlow.DENIED, count, first, last, List.of(node));
    }

    static FlowEndpoint endpoint(Endpoint e) {
        if (!e.isPod()) {
            return FlowEndpoint.address(e.ip());
        }
        WorkloadRef w = Workloads.of(e.pod());
        return new FlowEndpoint(e.ip(), e.pod().namespace(), e.pod().name(), w.kind(), w.name());
    }
}
