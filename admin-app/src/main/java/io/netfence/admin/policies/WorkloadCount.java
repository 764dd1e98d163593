package io.netfence.admin.policies;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.workload.WorkloadRef;
import io.netfence.engine.workload.Workloads;

import java.util.ArrayList;
import java.util.List;

/** A workload and how many of its pods a selector matches. */
public record WorkloadCount(WorkloadRef workload, int pods) {

    public String key() {
        return workload.key();
    }

    /** The pods grouped by workload, sorted by namespace and name. */
    public static List<WorkloadCount> of(List<PodInfo> pods) {
        List<WorkloadCount> out = new ArrayList<>();
        Workloads.group(pods).forEach((w, ps) -> out.add(new WorkloadCount(w, ps.size())));
        return out;
    }
}
