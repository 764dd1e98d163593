package io.netfence.admin.pods;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.netfence.engine.workload.WorkloadRef;

import java.util.List;
import java.util.Map;

/**
 * One pod as the pods page shows it.
 *
 * @param ingressPolicies names of the policies of its namespace that select it and isolate ingress
 * @param egressPolicies  the same for egress
 * @param selectable      false for hostNetwork pods, pods without IP and finished pods, which no policy selects
 * @param drops           packets rejected for it, as its node's agent counts them (null when no agent reports for its node)
 * @param workload        what it belongs to (see {@link io.netfence.engine.workload.Workloads})
 */
public record PodRow(String namespace, String name, Map<String, String> labels, String node, List<String> ips,
                     String phase, boolean selectable, List<String> ingressPolicies, List<String> egressPolicies,
                     Long drops, WorkloadRef workload) {

    // without @JsonProperty Jackson would read isolated() as the getter of a property "olated"
    @JsonProperty
    public boolean ingressIsolated() {
        return !ingressPolicies.isEmpty();
    }

    @JsonProperty
    public boolean egressIsolated() {
        return !egressPolicies.isEmpty();
    }

    @JsonProperty("isolated")
    public boolean isolated() {
        return ingressIsolated() || egressIsolated();
    }
}
