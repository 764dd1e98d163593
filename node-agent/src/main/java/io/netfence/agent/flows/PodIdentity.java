package io.netfence.agent.flows;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.workload.WorkloadRef;
import io.netfence.engine.workload.Workloads;

/** Who an address belonged to when a flow was seen: the pod and its workload ({@link Workloads}). */
public record PodIdentity(String namespace, String name, String workloadKind, String workloadName) {

    public static PodIdentity of(PodInfo pod) {
        WorkloadRef w = Workloads.of(pod);
        return new PodIdentity(pod.namespace(), pod.name(), w.kind(), w.name());
    }
}
