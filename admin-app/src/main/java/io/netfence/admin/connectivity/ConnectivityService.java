package io.netfence.admin.connectivity;

import io.netfence.engine.workload.Workloads;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.pods.SelectorText;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ConnectivityMatrix;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.reachability.ReachabilityVerdict;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Service
public class ConnectivityService {

    /** More cells than this do not fit a page; the JSON API has the same cap. */
    public static final int MAX_ENDPOINTS = 120;

    private final LiveCluster cluster;
    private final DraftAnalyzer analyzer;

    public ConnectivityService(LiveCluster cluster, DraftAnalyzer analyzer) {
        this.cluster = cluster;
        this.analyzer = analyzer;
    }

    public MatrixView matrix(List<String> chosen, String selectorText, String portText, String protocolText, String draftYaml) {
        long started = System.nanoTime();
        ClusterSnapshot current = cluster.snapshot();
        List<String> namespaces = current.namespaces().stream().map(NamespaceInfo::name).toList();
        List<String> chosenNs = chosen == null ? List.of() : chosen.stream().filter(namespaces::contains).toList();
        Optional<DraftAnalysis> draft = draftYaml == null || draftYaml.isBlank() ? Optional.empty() : Optional.of(analyzer.analyze(draftYaml, current));
        String draftPolicy = draft.filter(DraftAnalysis::valid).map(d -> d.policy().key()).orElse(null);
        List<String> draftErrors = draft.filter(d -> !d.valid()).map(d -> d.errors().stream().map(DraftAnalysis.Problem::message).toList()).orElse(List.of());
        if (chosenNs.isEmpty()) {
            chosenNs = draftPolicy != null ? List.of(draft.get().policy().namespace()) : namespaces.stream().limit(3).toList();
        }
        String error = null;
        List<String> unknownNs = chosen == null ? List.of() : chosen.stream().filter(n -> !namespaces.contains(n)).toList();
        if (!unknownNs.isEmpty()) {
            error = "namespace: no namespace \"" + String.join("\", \"", unknownNs) + "\" in the cluster; choose from "
                    + String.join(", ", namespaces);
        }
        int port = 0;
        Protocol protocol = Protocol.parse(protocolText == null || protocolText.isBlank() ? "TCP" : protocolText.strip()).orElse(null);
        try {
            port = Integer.parseInt(portText == null || portText.isBlank() ? "80" : portText.strip());
        } catch (NumberFormatException e) {
            error = error != null ? error : "port: \"" + portText + "\" is not a number; give a port between 1 and 65535 (named ports are resolved per destination pod)";
        }
        if (error == null && (port < 1 || port > 65535)) {
            error = "port: " + port + " must be between 1 and 65535";
        }
        if (error == null && protocol == null) {
            error = "protocol: \"" + protocolText + "\" is not TCP, UDP or SCTP";
        }
        LabelSelector selector = LabelSelector.EVERYTHING;
        if (error == null) {
            try {
                selector = SelectorText.parse(selectorText);
            } catch (SelectorText.SyntaxException e) {
                error = "pod selector: " + e.getMessage();
            }
        }
        String proto = protocol == null ? String.valueOf(protocolText) : protocol.name();
        if (error != null) {
            return new MatrixView(namespaces, chosenNs, selectorText, port, proto, error, draftPolicy, draftErrors, List.of(), List.of(),
                    0, 0, 0, 0, false, millisSince(started));
        }
        ReachabilityAnalyzer analyzerNow = new ReachabilityAnalyzer(current);
        List<Endpoint> endpoints = new ArrayList<>();
        boolean truncated = false;
        for (PodInfo pod : current.pods()) {
            if (!chosenNs.contains(pod.namespace()) || !selector.matches(pod.labels()) || (pod.ips().isEmpty() && !pod.hostNetwork())) {
                continue;
            }
            if (endpoints.size() == MAX_ENDPOINTS) {
                truncated = true;
                break;
            }
            try {
                endpoints.add(analyzerNow.endpoint(pod));
            } catch (IllegalArgumentException noAddress) {
                // a hostNetwork pod on a node without addresses: nothing to show
            }
        }
        ConnectivityMatrix now = ConnectivityMatrix.compute(current, endpoints, port, protocol);
        ConnectivityMatrix withDraft = draftPolicy == null ? null
                : ConnectivityMatrix.compute(current.withPolicy(draft.get().policy()), endpoints, port, protocol);
        List<List<MatrixView.Cell>> rows = new ArrayList<>();
        int gained = 0, lost = 0, allowed = 0;
        for (int i = 0; i < endpoints.size(); i++) {
            List<MatrixView.Cell> row = new ArrayList<>();
            for (int j = 0; j < endpoints.size(); j++) {
                boolean before = now.allowed(i, j);
                boolean after = withDraft == null ? before : withDraft.allowed(i, j);
                MatrixView.State state = before == after ? (after ? MatrixView.State.ALLOWED : MatrixView.State.DENIED)
                        : after ? MatrixView.State.GAINED : MatrixView.State.LOST;
                gained += state == MatrixView.State.GAINED ? 1 : 0;
                lost += state == MatrixView.State.LOST ? 1 : 0;
                allowed += after ? 1 : 0;
                row.add(new MatrixView.Cell(endpoints.get(i).label(), endpoints.get(j).label(), state));
            }
            rows.add(row);
        }
        return new MatrixView(namespaces, chosenNs, selectorText, port, protocol.name(), null, draftPolicy, draftErrors,
                endpoints.stream().map(Endpoint::label).toList(), rows, gained, lost, allowed, endpoints.size() * endpoints.size(),
                truncated, millisSince(started));
    }

    public Explanation explain(String from, String to, String portText, String protocolText, String draftYaml) {
        ClusterSnapshot current = cluster.snapshot();
        Optional<PodInfo> src = pod(current, from);
        Optional<PodInfo> dst = pod(current, to);
        if (portText == null || portText.isBlank()) {
            return new Explanation(from, to, 0, protocolText, null, null, "port: missing; give a port between 1 and 65535");
        }
        Optional<Protocol> protocol = Protocol.parse(protocolText == null ? "TCP" : protocolText.strip());
        int port;
        try {
            port = Integer.parseInt(portText.strip());
        } catch (NumberFormatException e) {
            // a container port name, resolved on the destination pod as the engine resolves named ports
            MatrixPort named;
            try {
                named = MatrixPort.parse(portText);
            } catch (IllegalArgumentException notAName) {
                return new Explanation(from, to, 0, protocolText, null, null, "port: \"" + portText + "\" is not a number or a port name");
            }
            if (dst.isEmpty() || protocol.isEmpty()) {
                port = 0;
            } else {
                var resolved = named.on(dst.get(), protocol.get());
                if (resolved.isEmpty()) {
                    return new Explanation(from, to, 0, protocol.get().name(), null, null, "port: " + to + " has no " + protocol.get().name()
                            + " container port named \"" + named.name() + "\", so nothing can connect to it on that name");
                }
                port = resolved.getAsInt();
            }
        }
        if (src.isEmpty() || dst.isEmpty()) {
            return new Explanation(from, to, port, protocolText, null, null, "no pod " + (src.isEmpty() ? from : to)
                    + " in the cluster (give namespace/name; it may have been deleted)");
        }
        if (protocol.isEmpty() || port < 1 || port > 65535) {
            return new Explanation(from, to, port, protocolText, null, null, "give a port 1–65535 and a protocol TCP, UDP or SCTP");
        }
        try {
            Explanation.Verdict now = verdict(current, src.get(), dst.get(), port, protocol.get());
            Explanation.Verdict draft = null;
            if (draftYaml != null && !draftYaml.isBlank()) {
                DraftAnalysis d = analyzer.analyze(draftYaml, current);
                if (d.valid()) {
                    draft = verdict(current.withPolicy(d.policy()), src.get(), dst.get(), port, protocol.get());
                }
            }
            return new Explanation(from, to, port, protocol.get().name(), now, draft, null,
                    workload(src.get()), workload(dst.get()));
        } catch (IllegalArgumentException e) {
            return new Explanation(from, to, port, protocolText, null, null, e.getMessage());
        }
    }

    /** "Deployment shop/web": the kind, namespace and name of the pod's workload. */
    private static String workload(PodInfo pod) {
        var w = Workloads.of(pod);
        return w.kind() + " " + w.namespace() + "/" + w.name();
    }

    private static Explanation.Verdict verdict(ClusterSnapshot s, PodInfo src, PodInfo dst, int port, Protocol protocol) {
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(s);
        ReachabilityVerdict v = a.verdict(a.endpoint(src), a.endpoint(dst), port, protocol);
        return new Explanation.Verdict(v.allowed(), v.lines().stream().map(String::strip).toList());
    }

    private static Optional<PodInfo> pod(ClusterSnapshot s, String key) {
        if (key == null || !key.contains("/")) {
            return Optional.empty();
        }
        String[] parts = key.split("/", 2);
        return s.pod(parts[0], parts[1]);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
