package io.netfence.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the informers read objects: Jackson skips, while it parses, every field of pods and nodes that neither the engine
 * ({@code ResourceConverter}) nor the console's workload grouping reads, and every object's managedFields. A real pod
 * is ~7 KB of JSON and ~40 KB of heap as fabric8 builds it whole; read this way it is a few hundred bytes, so a page
 * of the initial list is garbage that dies young instead of filling the old generation ("Agent memory" in
 * docs/benchmarks.md). Only the informers read this way: writes go through the caller's own client, which keeps
 * every field.
 */
final class WatchSerialization {

    private WatchSerialization() {
    }

    @JsonIgnoreProperties(value = {"managedFields"}, ignoreUnknown = true)
    private interface MetaWithoutManagedFields {
    }

    /** What {@code ResourceConverter.pod} and {@code Trimmed.pod} read of a pod's spec. */
    @JsonIncludeProperties({"nodeName", "hostNetwork", "containers"})
    private interface PodSpecRead {
    }

    @JsonIncludeProperties({"name", "ports"})
    private interface ContainerRead {
    }

    @JsonIncludeProperties({"phase", "podIP", "podIPs"})
    private interface PodStatusRead {
    }

    @JsonIncludeProperties({"podCIDR", "podCIDRs"})
    private interface NodeSpecRead {
    }

    @JsonIncludeProperties({"addresses"})
    private interface NodeStatusRead {
    }

    static KubernetesSerialization create() {
        JsonMapper mapper = JsonMapper.builder()
                .addMixIn(ObjectMeta.class, MetaWithoutManagedFields.class)
                .addMixIn(PodSpec.class, PodSpecRead.class)
                .addMixIn(Container.class, ContainerRead.class)
                .addMixIn(PodStatus.class, PodStatusRead.class)
                .addMixIn(NodeSpec.class, NodeSpecRead.class)
                .addMixIn(NodeStatus.class, NodeStatusRead.class)
                .build();
        return new KubernetesSerialization(mapper, true);
    }

    /** A client for the informers: the same configuration as {@code client}, reading objects as above. */
    static KubernetesClient client(KubernetesClient client) {
        return new KubernetesClientBuilder().withConfig(client.getConfiguration()).withKubernetesSerialization(create()).build();
    }
}
