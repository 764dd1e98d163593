package io.netfence.admin.pods;

import io.netfence.admin.paging.Page;

import java.util.List;
import java.util.Map;

/**
 * One page of the pods page: the filters, the namespace table and either workloads or pods (by {@code view}), or the
 * error of an unparseable selector (then neither).
 */
public record PodListing(String view, String namespace, String selector, String workload, String selectorError,
                         List<String> namespaces, List<NamespaceRow> namespaceRows, Page<WorkloadRow> workloads,
                         Page<PodRow> pods, long matchingPods) {

    public static final String WORKLOADS = "workloads";
    public static final String PODS = "pods";

    public boolean workloadView() {
        return WORKLOADS.equals(view);
    }

    /** A namespace with its live labels (namespaceSelectors match these) and how many pods it runs. */
    public record NamespaceRow(String name, Map<String, String> labels, int pods, int policies) {
    }
}
