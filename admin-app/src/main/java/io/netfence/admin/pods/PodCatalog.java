package io.netfence.admin.pods;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.PodPolicies;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.workload.WorkloadRef;
import io.netfence.engine.workload.Workloads;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods of one snapshot indexed for the list pages: each pod's workload, the pods of each workload, and the
 * policies of each namespace. Built once per snapshot (the snapshot object changes whenever the model does), so a page
 * view filters and pages without regrouping 10,000 pods.
 */
@Component
public class PodCatalog {

    /** The index of one snapshot. */
    public static final class Index {
        private final ClusterSnapshot snapshot;
        private final Map<String, WorkloadRef> workloadByPod = new HashMap<>();
        private final Map<WorkloadRef, List<PodInfo>> podsByWorkload;
        private final List<WorkloadRef> workloads;
        private final Map<String, Integer> policiesByNamespace = new HashMap<>();
        private final PodPolicies policies;

        Index(ClusterSnapshot snapshot) {
            this.snapshot = snapshot;
            this.podsByWorkload = Workloads.group(snapshot.pods());
            podsByWorkload.forEach((w, pods) -> pods.forEach(p -> workloadByPod.put(p.key(), w)));
            this.workloads = List.copyOf(podsByWorkload.keySet());
            for (Policy p : snapshot.policies()) {
                policiesByNamespace.merge(p.namespace(), 1, Integer::sum);
            }
            this.policies = new PodPolicies(snapshot);
        }

        public ClusterSnapshot snapshot() {
            return snapshot;
        }

        public WorkloadRef workloadOf(PodInfo pod) {
            WorkloadRef w = workloadByPod.get(pod.key());
            return w != null ? w : Workloads.of(pod);
        }

        /** Every workload, sorted by namespace, name and kind. */
        public List<WorkloadRef> workloads() {
            return workloads;
        }

        public List<PodInfo> podsOf(WorkloadRef workload) {
            return podsByWorkload.getOrDefault(workload, List.of());
        }

        public int policiesIn(String namespace) {
            return policiesByNamespace.getOrDefault(namespace, 0);
        }

        public PodPolicies policies() {
            return policies;
        }

        /** The given pods grouped by workload, workloads in catalog order. */
        public Map<WorkloadRef, List<PodInfo>> group(List<PodInfo> pods) {
            Map<WorkloadRef, List<PodInfo>> byWorkload = new HashMap<>();
            for (PodInfo p : pods) {
                byWorkload.computeIfAbsent(workloadOf(p), k -> new ArrayList<>()).add(p);
            }
            Map<WorkloadRef, List<PodInfo>> out = new LinkedHashMap<>();
            byWorkload.keySet().stream().sorted().forEach(w -> out.put(w, byWorkload.get(w)));
            return out;
        }
    }

    private final LiveCluster cluster;
    private volatile Index index;

    public PodCatalog(LiveCluster cluster) {
        this.cluster = cluster;
    }

    public Index current() {
        ClusterSnapshot s = cluster.snapshot();
        Index i = index;
        if (i == null || i.snapshot != s) {
            i = new Index(s);
            index = i;
        }
        return i;
    }

    /** The index of a snapshot that is not the live one (a preview's), built on the spot. */
    public Index of(ClusterSnapshot snapshot) {
        Index i = index;
        return i != null && i.snapshot == snapshot ? i : new Index(snapshot);
    }
}
