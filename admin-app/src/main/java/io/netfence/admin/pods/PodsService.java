package io.netfence.admin.pods;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.PodPolicies;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;

@Service
public class PodsService {

    private final LiveCluster cluster;

    public PodsService(LiveCluster cluster) {
        this.cluster = cluster;
    }

    public PodListing list(String namespace, String selectorText) {
        ClusterSnapshot s = cluster.snapshot();
        List<String> namespaces = s.namespaces().stream().map(NamespaceInfo::name).toList();
        List<PodListing.NamespaceRow> namespaceRows = s.namespaces().stream()
                .filter(n -> namespace == null || namespace.isBlank() || n.name().equals(namespace.strip()))
                .map(n -> new PodListing.NamespaceRow(n.name(), n.labels(),
                        (int) s.pods().stream().filter(p -> p.namespace().equals(n.name())).count(),
                        (int) s.policies().stream().filter(p -> p.namespace().equals(n.name())).count()))
                .toList();
        String ns = namespace == null || namespace.isBlank() ? null : namespace.strip();
        LabelSelector selector;
        try {
            selector = SelectorText.parse(selectorText);
        } catch (SelectorText.SyntaxException e) {
            return new PodListing(ns, selectorText, e.getMessage(), namespaces, namespaceRows, List.of());
        }
        PodPolicies policies = new PodPolicies(s);
        var reports = cluster.nodeStatuses();
        List<PodRow> rows = new ArrayList<>();
        for (PodInfo pod : s.pods()) {
            if ((ns == null || ns.equals(pod.namespace())) && selector.matches(pod.labels())) {
                var report = pod.nodeName() == null ? null : reports.get(pod.nodeName());
                rows.add(row(pod, policies.of(pod), report == null ? null : report.droppedPackets().getOrDefault(pod.key(), 0L)));
            }
        }
        return new PodListing(ns, selectorText, null, namespaces, namespaceRows, rows);
    }

    static PodRow row(PodInfo pod, PodPolicies.Selection sel, Long drops) {
        return new PodRow(pod.namespace(), pod.name(), pod.labels(), pod.nodeName(), pod.ips(), pod.phase(),
                pod.selectable(), sel.ingress(), sel.egress(), drops);
    }
}
