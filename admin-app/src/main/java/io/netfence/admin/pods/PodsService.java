package io.netfence.admin.pods;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.PodPolicies;
import io.netfence.admin.paging.BadParameterException;
import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.status.NodeFirewallStatus;
import io.netfence.engine.workload.WorkloadRef;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pods page and its API: filters (namespace, label selector, workload) applied to every pod, then one page of
 * workloads or pods; the policies selecting a pod are evaluated only for the page shown.
 */
@Service
public class PodsService {

    private final LiveCluster cluster;
    private final PodCatalog catalog;

    public PodsService(LiveCluster cluster, PodCatalog catalog) {
        this.cluster = cluster;
        this.catalog = catalog;
    }

    /** Filters that could not be parsed: the selector's message (for the page), or a bad parameter (thrown). */
    public record Filters(String namespace, String selectorText, LabelSelector selector, String selectorError, WorkloadRef workload) {

        public static Filters of(String namespace, String selectorText, String workload) {
            String ns = namespace == null || namespace.isBlank() ? null : namespace.strip();
            WorkloadRef w = null;
            if (workload != null && !workload.isBlank()) {
                try {
                    w = WorkloadRef.parse(workload.strip());
                } catch (IllegalArgumentException e) {
                    throw new BadParameterException("workload", e.getMessage());
                }
            }
            try {
                return new Filters(ns, selectorText, SelectorText.parse(selectorText), null, w);
            } catch (SelectorText.SyntaxException e) {
                return new Filters(ns, selectorText, null, e.getMessage(), w);
            }
        }

        boolean matches(PodInfo pod, PodCatalog.Index index) {
            return (namespace == null || namespace.equals(pod.namespace()))
                    && (workload == null || workload.equals(index.workloadOf(pod)))
                    && selector.matches(pod.labels());
        }
    }

    public PodListing list(String view, Filters filters, PageRequest page) {
        PodCatalog.Index index = catalog.current();
        String v = PodListing.PODS.equals(view) || filters.workload() != null && view == null ? PodListing.PODS : PodListing.WORKLOADS;
        List<String> namespaces = index.snapshot().namespaces().stream().map(NamespaceInfo::name).toList();
        List<PodListing.NamespaceRow> namespaceRows = namespaceRows(index, filters.namespace());
        String workloadKey = filters.workload() == null ? null : filters.workload().key();
        if (filters.selectorError() != null) {
            return new PodListing(v, filters.namespace(), filters.selectorText(), workloadKey, filters.selectorError(), namespaces,
                    namespaceRows, null, null, 0);
        }
        if (PodListing.PODS.equals(v)) {
            Page<PodRow> pods = pods(filters, page);
            return new PodListing(v, filters.namespace(), filters.selectorText(), workloadKey, null, namespaces, namespaceRows,
                    null, pods, pods.total());
        }
        return new PodListing(v, filters.namespace(), filters.selectorText(), workloadKey, null, namespaces, namespaceRows,
                workloads(filters, page), null, matching(filters, index).size());
    }

    public List<PodListing.NamespaceRow> namespaceRows(PodCatalog.Index index, String namespace) {
        return index.snapshot().namespaces().stream()
                .filter(n -> namespace == null || n.name().equals(namespace))
                .map(n -> new PodListing.NamespaceRow(n.name(), n.labels(), index.snapshot().podsInNamespace(n.name()).size(),
                        index.policiesIn(n.name())))
                .toList();
    }

    private static List<PodInfo> matching(Filters filters, PodCatalog.Index index) {
        List<PodInfo> candidates = filters.workload() != null ? index.podsOf(filters.workload())
                : filters.namespace() != null ? index.snapshot().podsInNamespace(filters.namespace()) : index.snapshot().pods();
        if (filters.workload() == null && filters.selector().equals(LabelSelector.EVERYTHING)) {
            return candidates;
        }
        return candidates.stream().filter(p -> filters.matches(p, index)).toList();
    }

    /** The matching pods, one page of them, in namespace/name order. */
    public Page<PodRow> pods(Filters filters, PageRequest request) {
        return pods(filters, pod -> true, request);
    }

    /** The same, further narrowed by {@code also} (e.g. the pods of one peer of a policy). */
    public Page<PodRow> pods(Filters filters, java.util.function.Predicate<PodInfo> also, PageRequest request) {
        PodCatalog.Index index = catalog.current();
        List<PodInfo> matching = matching(filters, index);
        matching = matching.stream().filter(also).toList();
        Page<PodInfo> page = request.page(matching, p -> PageRequest.key(p.namespace(), p.name()));
        Map<String, NodeFirewallStatus> reports = cluster.nodeStatuses();
        List<PodRow> rows = page.items().stream().map(p -> {
            var report = p.nodeName() == null ? null : reports.get(p.nodeName());
            return row(p, index.policies().of(p), report == null ? null : report.droppedPackets().getOrDefault(p.key(), 0L), index.workloadOf(p));
        }).toList();
        return new Page<>(rows, page.continueToken(), page.remaining(), page.total(), page.offset());
    }

    /** The workloads with a matching pod, one page of them, each counting only its matching pods. */
    public Page<WorkloadRow> workloads(Filters filters, PageRequest request) {
        PodCatalog.Index index = catalog.current();
        boolean everything = filters.workload() == null && filters.selector().equals(LabelSelector.EVERYTHING);
        Map<WorkloadRef, List<PodInfo>> groups;
        List<WorkloadRef> keys;
        if (everything && filters.namespace() == null) {
            groups = null;
            keys = index.workloads();
        } else {
            groups = index.group(matching(filters, index));
            keys = List.copyOf(groups.keySet());
        }
        Page<WorkloadRef> page = request.page(keys, w -> PageRequest.key(w.namespace(), w.name(), w.kind()));
        Map<String, NodeFirewallStatus> reports = cluster.nodeStatuses();
        List<WorkloadRow> rows = page.items().stream()
                .map(w -> row(w, groups == null ? index.podsOf(w) : groups.get(w), index.policies(), reports)).toList();
        return new Page<>(rows, page.continueToken(), page.remaining(), page.total(), page.offset());
    }

    static WorkloadRow row(WorkloadRef w, List<PodInfo> pods, PodPolicies policies, Map<String, NodeFirewallStatus> reports) {
        int selectable = 0, in = 0, eg = 0;
        Set<String> policyNames = new TreeSet<>();
        Set<String> nodes = new HashSet<>();
        Long drops = null;
        Map<String, String> shared = null;
        for (PodInfo p : pods) {
            if (p.selectable()) {
                selectable++;
            }
            PodPolicies.Selection sel = policies.of(p);
            in += sel.ingressIsolated() ? 1 : 0;
            eg += sel.egressIsolated() ? 1 : 0;
            policyNames.addAll(sel.ingress());
            policyNames.addAll(sel.egress());
            if (p.nodeName() != null) {
                nodes.add(p.nodeName());
                var report = reports.get(p.nodeName());
                if (report != null) {
                    drops = (drops == null ? 0 : drops) + report.droppedPackets().getOrDefault(p.key(), 0L);
                }
            }
            if (shared == null) {
                shared = new LinkedHashMap<>(p.labels());
                shared.remove("pod-template-hash");
            } else {
                shared.entrySet().removeIf(e -> !e.getValue().equals(p.labels().get(e.getKey())));
            }
        }
        return new WorkloadRow(w, w.key(), shared == null ? Map.of() : shared, pods.size(), selectable, in, eg,
                new ArrayList<>(policyNames), nodes.size(), drops);
    }

    static PodRow row(PodInfo pod, PodPolicies.Selection sel, Long drops, WorkloadRef workload) {
        return new PodRow(pod.namespace(), pod.name(), pod.labels(), pod.nodeName(), pod.ips(), pod.phase(),
                pod.selectable(), sel.ingress(), sel.egress(), drops, workload);
    }
}
