package io.netfence.admin.connectivity;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.pods.PodCatalog;
import io.netfence.admin.pods.SelectorText;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ConnectivityMatrix;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The connectivity matrix by workload or namespace: the engine's {@link ConnectivityMatrix} over every matching pod
 * (one matrix per destination port when the port is named), aggregated into groups; a cell drills down into its pods.
 */
@Service
public class GroupedConnectivity {

    /** Rows/columns on one page; more groups are counted and the user narrows the filters. */
    public static final int MAX_GROUPS = 25;
    /** Pods in one computation (the engine computes 1000×1000 in ~12 ms; this bounds memory and time on huge selections). */
    public static final int MAX_PODS = 4000;
    /** Pods of each side listed when a cell is opened. */
    public static final int MAX_CELL_PODS = 25;

    public static final String BY_WORKLOAD = "workload";
    public static final String BY_NAMESPACE = "namespace";

    private final LiveCluster cluster;
    private final DraftAnalyzer analyzer;
    private final PodCatalog catalog;

    public GroupedConnectivity(LiveCluster cluster, DraftAnalyzer analyzer, PodCatalog catalog) {
        this.cluster = cluster;
        this.analyzer = analyzer;
        this.catalog = catalog;
    }

    /** The request's fields parsed, or the first problem (naming the field). */
    private record Request(ClusterSnapshot snapshot, List<String> namespaces, List<String> chosen, LabelSelector selector,
                           MatrixPort port, Protocol protocol, String groupBy, String error, String draftPolicy,
                           ClusterSnapshot withDraft, List<String> draftErrors) {
    }

    private Request parse(List<String> chosenNamespaces, String selectorText, String portText, String protocolText, String groupBy,
                          String draftYaml) {
        return parse(cluster.snapshot(), chosenNamespaces, selectorText, portText, protocolText, groupBy, draftYaml);
    }

    private Request parse(ClusterSnapshot s, List<String> chosenNamespaces, String selectorText, String portText, String protocolText,
                          String groupBy, String draftYaml) {
        List<String> namespaces = s.namespaces().stream().map(NamespaceInfo::name).toList();
        Optional<DraftAnalysis> draft = draftYaml == null || draftYaml.isBlank() ? Optional.empty() : Optional.of(analyzer.analyze(draftYaml, s));
        String draftPolicy = draft.filter(DraftAnalysis::valid).map(d -> d.policy().key()).orElse(null);
        ClusterSnapshot withDraft = draftPolicy == null ? null : s.withPolicy(draft.get().policy());
        List<String> draftErrors = draft.filter(d -> !d.valid()).map(d -> d.errors().stream().map(DraftAnalysis.Problem::message).toList()).orElse(List.of());
        List<String> chosen = chosenNamespaces == null ? List.of() : chosenNamespaces.stream().filter(n -> n != null && !n.isBlank()).toList();
        String by = groupBy == null || groupBy.isBlank() ? BY_WORKLOAD : groupBy.strip();
        String error = null;
        List<String> unknown = chosen.stream().filter(n -> !namespaces.contains(n)).toList();
        if (!unknown.isEmpty()) {
            error = "namespace: no namespace \"" + String.join("\", \"", unknown) + "\" in the cluster";
        }
        if (chosen.isEmpty()) {
            chosen = draftPolicy != null ? List.of(draft.get().policy().namespace()) : namespaces.stream().limit(3).toList();
        }
        if (error == null && !BY_WORKLOAD.equals(by) && !BY_NAMESPACE.equals(by)) {
            error = "group: \"" + by + "\" is not workload or namespace";
        }
        MatrixPort port = null;
        if (error == null) {
            try {
                port = MatrixPort.parse(portText);
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
        }
        Protocol protocol = Protocol.parse(protocolText == null || protocolText.isBlank() ? "TCP" : protocolText.strip()).orElse(null);
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
        return new Request(s, namespaces, chosen, selector, port, protocol, by, error, draftPolicy, withDraft, draftErrors);
    }

    private Function<PodInfo, String> groupKey(Request r) {
        PodCatalog.Index index = catalog.of(r.snapshot());
        return BY_NAMESPACE.equals(r.groupBy()) ? PodInfo::namespace : p -> index.workloadOf(p).key();
    }

    private static String label(Request r, String key) {
        if (BY_NAMESPACE.equals(r.groupBy())) {
            return key;
        }
        var w = io.netfence.engine.workload.WorkloadRef.parse(key);
        return w.namespace() + "/" + w.display();
    }

    /** The matching pods with an address, as endpoints, in snapshot order. */
    private static List<Endpoint> endpoints(Request r, ReachabilityAnalyzer a, java.util.function.Predicate<PodInfo> also) {
        List<Endpoint> out = new ArrayList<>();
        for (String ns : r.chosen()) {
            for (PodInfo pod : r.snapshot().podsInNamespace(ns)) {
                if ((pod.ips().isEmpty() && !pod.hostNetwork()) || !r.selector().matches(pod.labels()) || !also.test(pod)) {
                    continue;
                }
                try {
                    out.add(a.endpoint(pod));
                } catch (IllegalArgumentException noAddress) {
                    // a hostNetwork pod on a node without addresses: nothing to show
                }
            }
        }
        return out;
    }

    /**
     * Allowed-or-not for every (source, destination) of two endpoint lists on one snapshot, the destination's port
     * resolved per pod: one engine matrix per distinct port number.
     */
    private static final class Reach {
        private final ConnectivityMatrix[] matrixOf;
        private final int[] localIndex;

        Reach(ClusterSnapshot s, List<Endpoint> sources, List<Endpoint> destinations, MatrixPort port, Protocol protocol) {
            matrixOf = new ConnectivityMatrix[destinations.size()];
            localIndex = new int[destinations.size()];
            Map<Integer, List<Integer>> byPort = new TreeMap<>();
            for (int j = 0; j < destinations.size(); j++) {
                OptionalInt p = destinations.get(j).pod() == null ? OptionalInt.of(port.number()) : port.on(destinations.get(j).pod(), protocol);
                if (p.isPresent()) {
                    byPort.computeIfAbsent(p.getAsInt(), k -> new ArrayList<>()).add(j);
                }
            }
            byPort.forEach((number, js) -> {
                List<Endpoint> subset = js.size() == destinations.size() ? destinations : js.stream().map(destinations::get).toList();
                ConnectivityMatrix m = ConnectivityMatrix.compute(s, sources, subset == destinations && sources == destinations ? sources : subset,
                        number, protocol);
                for (int k = 0; k < js.size(); k++) {
                    matrixOf[js.get(k)] = m;
                    localIndex[js.get(k)] = k;
                }
            });
        }

        boolean noPort(int j) {
            return matrixOf[j] == null;
        }

        boolean allowed(int i, int j) {
            return matrixOf[j] != null && matrixOf[j].allowed(i, localIndex[j]);
        }
    }

    /** Matrices of one cluster state by their parameters (the page, its htmx redraws and reloads ask for the same ones). */
    private record Computed(ClusterSnapshot snapshot, Map<List<Object>, GroupMatrixView> byRequest) {
    }

    private static final int CACHED_MATRICES = 16;
    private volatile Computed computed = new Computed(null, Map.of());

    /**
     * The matrix of the current cluster state for these parameters: computed once per cluster state (a new snapshot starts
     * afresh; the last {@value #CACHED_MATRICES} parameter sets are kept), since a verdict depends on nothing else.
     */
    public GroupMatrixView matrix(List<String> chosenNamespaces, String selectorText, String portText, String protocolText,
                                  String groupBy, String draftYaml) {
        ClusterSnapshot s = cluster.snapshot();
        Computed c = computed;
        if (c.snapshot() != s) {
            c = new Computed(s, java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<Object>, GroupMatrixView> eldest) {
                    return size() > CACHED_MATRICES;
                }
            }));
            computed = c;
        }
        List<Object> key = java.util.Arrays.asList(chosenNamespaces == null ? null : List.copyOf(chosenNamespaces.stream()
                .map(String::valueOf).toList()), selectorText, portText, protocolText, groupBy, draftYaml);
        GroupMatrixView known = c.byRequest().get(key);
        if (known != null) {
            return known;
        }
        GroupMatrixView m = compute(s, chosenNamespaces, selectorText, portText, protocolText, groupBy, draftYaml);
        c.byRequest().put(key, m);
        return m;
    }

    private GroupMatrixView compute(ClusterSnapshot snapshot, List<String> chosenNamespaces, String selectorText, String portText,
                                    String protocolText, String groupBy, String draftYaml) {
        long started = System.nanoTime();
        Request r = parse(snapshot, chosenNamespaces, selectorText, portText, protocolText, groupBy, draftYaml);
        if (r.error() != null) {
            return new GroupMatrixView(r.groupBy(), r.namespaces(), r.chosen(), selectorText, portText, protocolText, r.error(),
                    r.draftPolicy(), r.draftErrors(), List.of(), 0, List.of(), 0, 0, 0, 0, 0, 0, 0, millisSince(started));
        }
        ReachabilityAnalyzer a = analyzerOf(r.snapshot());
        List<Endpoint> all = endpoints(r, a, p -> true);
        int morePods = Math.max(0, all.size() - MAX_PODS);
        List<Endpoint> endpoints = morePods > 0 ? all.subList(0, MAX_PODS) : all;
        Function<PodInfo, String> key = groupKey(r);
        Map<String, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            members.computeIfAbsent(key.apply(endpoints.get(i).pod()), k -> new ArrayList<>()).add(i);
        }
        // a pair's verdict does not depend on the other endpoints: only the pods of the groups shown are computed
        Map<String, List<Integer>> shown = new LinkedHashMap<>();
        List<Endpoint> shownEndpoints = new ArrayList<>();
        members.entrySet().stream().limit(MAX_GROUPS).forEach(e -> {
            List<Integer> local = new ArrayList<>(e.getValue().size());
            for (int i : e.getValue()) {
                local.add(shownEndpoints.size());
                shownEndpoints.add(endpoints.get(i));
            }
            shown.put(e.getKey(), local);
        });
        Reach now = new Reach(r.snapshot(), shownEndpoints, shownEndpoints, r.port(), r.protocol());
        Reach withDraft = r.withDraft() == null ? null : new Reach(r.withDraft(), shownEndpoints, shownEndpoints, r.port(), r.protocol());
        List<List<GroupMatrixView.Cell>> rows = new ArrayList<>();
        long pairs = 0, allowed = 0, gained = 0, lost = 0, noPort = 0;
        for (var src : shown.entrySet()) {
            List<GroupMatrixView.Cell> row = new ArrayList<>();
            for (var dst : shown.entrySet()) {
                long p = 0, al = 0, g = 0, l = 0, np = 0;
                for (int i : src.getValue()) {
                    for (int j : dst.getValue()) {
                        p++;
                        if (now.noPort(j)) {
                            np++;
                            continue;
                        }
                        boolean before = now.allowed(i, j);
                        boolean after = withDraft == null ? before : withDraft.allowed(i, j);
                        al += after ? 1 : 0;
                        g += !before && after ? 1 : 0;
                        l += before && !after ? 1 : 0;
                    }
                }
                row.add(new GroupMatrixView.Cell(src.getKey(), dst.getKey(), p, al, g, l, np));
                pairs += p;
                allowed += al;
                gained += g;
                lost += l;
                noPort += np;
            }
            rows.add(row);
        }
        List<GroupMatrixView.Group> groups = shown.entrySet().stream()
                .map(e -> new GroupMatrixView.Group(e.getKey(), label(r, e.getKey()), e.getValue().size())).toList();
        return new GroupMatrixView(r.groupBy(), r.namespaces(), r.chosen(), selectorText, r.port().toString(), r.protocol().name(), null,
                r.draftPolicy(), r.draftErrors(), groups, members.size() - shown.size(), rows, endpoints.size(), morePods,
                pairs, allowed, gained, lost, noPort, millisSince(started));
    }

    /** The pods of one cell: sources of group {@code from}, destinations of group {@code to}, each pair allowed or not. */
    public CellPods cell(List<String> chosenNamespaces, String selectorText, String portText, String protocolText, String groupBy,
                         String from, String to, String draftYaml) {
        Request r = parse(chosenNamespaces, selectorText, portText, protocolText, groupBy, draftYaml);
        if (r.error() == null && (from == null || from.isBlank() || to == null || to.isBlank())) {
            r = new Request(r.snapshot(), r.namespaces(), r.chosen(), r.selector(), r.port(), r.protocol(), r.groupBy(),
                    "from, to: name the cell's source and destination group", r.draftPolicy(), r.withDraft(), r.draftErrors());
        }
        if (r.error() != null) {
            return new CellPods(from, to, portText, protocolText, r.error(), List.of(), List.of(), 0, 0, List.of());
        }
        ReachabilityAnalyzer a = analyzerOf(r.snapshot());
        Function<PodInfo, String> key = groupKey(r);
        List<Endpoint> sources = endpoints(r, a, p -> from.equals(key.apply(p)));
        List<Endpoint> destinations = endpoints(r, a, p -> to.equals(key.apply(p)));
        int moreSources = Math.max(0, sources.size() - MAX_CELL_PODS);
        int moreDestinations = Math.max(0, destinations.size() - MAX_CELL_PODS);
        sources = sources.subList(0, Math.min(sources.size(), MAX_CELL_PODS));
        destinations = destinations.subList(0, Math.min(destinations.size(), MAX_CELL_PODS));
        Reach now = new Reach(r.snapshot(), sources, destinations, r.port(), r.protocol());
        Reach withDraft = r.withDraft() == null ? null : new Reach(r.withDraft(), sources, destinations, r.port(), r.protocol());
        List<List<CellPods.Pair>> rows = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            List<CellPods.Pair> row = new ArrayList<>();
            for (int j = 0; j < destinations.size(); j++) {
                row.add(new CellPods.Pair(sources.get(i).pod().key(), destinations.get(j).pod().key(), now.allowed(i, j),
                        withDraft == null ? null : withDraft.allowed(i, j), now.noPort(j)));
            }
            rows.add(row);
        }
        return new CellPods(from, to, r.port().toString(), r.protocol().name(), null,
                sources.stream().map(e -> e.pod().key()).toList(), destinations.stream().map(e -> e.pod().key()).toList(),
                moreSources, moreDestinations, rows);
    }

    private volatile ReachabilityAnalyzer reachability;

    /** The analyzer of a snapshot (it indexes every pod IP of the cluster: once per cluster state, not per view). */
    private ReachabilityAnalyzer analyzerOf(ClusterSnapshot s) {
        ReachabilityAnalyzer a = reachability;
        if (a == null || a.snapshot() != s) {
            a = new ReachabilityAnalyzer(s);
            reachability = a;
        }
        return a;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
