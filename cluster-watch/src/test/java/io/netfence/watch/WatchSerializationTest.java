package io.netfence.watch;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netfence.engine.snapshot.ResourceConverter;
import io.netfence.watch.bench.RealisticPods;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatchSerializationTest {

    private final KubernetesSerialization full = new KubernetesSerialization();
    private final KubernetesSerialization slim = WatchSerialization.create();

    private static Pod realisticPod() {
        Pod base = new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-7d9f-abcde").addToLabels("app", "web")
                .addToLabels("tier", "front").endMetadata()
                .withNewSpec().withNodeName("node-3").addNewContainer().withName("web").addNewPort().withName("http").withContainerPort(8080)
                .withProtocol("TCP").endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.1.3.7").addNewPodIP("10.1.3.7").addNewPodIP("fd00::3:7").endStatus()
                .build();
        return RealisticPods.dress(base, 7);
    }

    @Test
    void aPodReadForTheInformersConvertsExactlyAsTheWholeObjectAndKeepsNothingElse() {
        String json = full.asJson(realisticPod());
        Pod whole = full.unmarshal(json, Pod.class);
        Pod read = slim.unmarshal(json, Pod.class);

        assertThat(ResourceConverter.pod(read)).isEqualTo(ResourceConverter.pod(whole));
        assertThat(read.getMetadata().getOwnerReferences()).isEqualTo(whole.getMetadata().getOwnerReferences()).isNotEmpty();
        assertThat(read.getMetadata().getResourceVersion()).isEqualTo(whole.getMetadata().getResourceVersion());
        // what the realistic pod carries and nothing here needs
        assertThat(whole.getMetadata().getManagedFields()).isNotEmpty();
        assertThat(read.getMetadata().getManagedFields()).isEmpty();
        assertThat(whole.getSpec().getVolumes()).isNotEmpty();
        assertThat(read.getSpec().getVolumes()).isEmpty();
        assertThat(whole.getSpec().getContainers().get(0).getEnv()).isNotEmpty();
        assertThat(read.getSpec().getContainers().get(0).getEnv()).isEmpty();
        assertThat(read.getSpec().getContainers().get(0).getLivenessProbe()).isNull();
        assertThat(whole.getStatus().getContainerStatuses()).isNotEmpty();
        assertThat(read.getStatus().getContainerStatuses()).isEmpty();
        assertThat(read.getStatus().getConditions()).isEmpty();
        // skipped, not parked in the model's catch-all for unknown fields
        assertThat(read.getSpec().getAdditionalProperties()).isEmpty();
        assertThat(read.getStatus().getAdditionalProperties()).isEmpty();
        assertThat(read.getSpec().getContainers().get(0).getAdditionalProperties()).isEmpty();
        assertThat(read.getMetadata().getAdditionalProperties()).isEmpty();
        assertThat(full.asJson(read).length()).isLessThan(json.length() / 4);
    }

    @Test
    void aNodeReadForTheInformersKeepsWhatTheEngineReads() {
        Node node = new NodeBuilder().withNewMetadata().withName("node-3").addToLabels("zone", "a").endMetadata()
                .withNewSpec().withPodCIDR("10.1.3.0/24").addToPodCIDRs("10.1.3.0/24").withProviderID("aws://x").endSpec()
                .withNewStatus().addNewAddress("10.0.0.3", "InternalIP").addNewImage().addToNames("registry/img:1").withSizeBytes(5L).endImage()
                .withNewNodeInfo().withKubeletVersion("v1.31.0").endNodeInfo().endStatus().build();
        String json = full.asJson(node);
        Node read = slim.unmarshal(json, Node.class);
        assertThat(ResourceConverter.node(read)).isEqualTo(ResourceConverter.node(full.unmarshal(json, Node.class)));
        assertThat(read.getStatus().getImages()).isEmpty();
        assertThat(read.getStatus().getNodeInfo()).isNull();
        assertThat(read.getSpec().getProviderID()).isNull();
    }

    @Test
    void aNetworkPolicyKeepsEverythingButManagedFields() {
        NetworkPolicy np = new NetworkPolicyBuilder().withNewMetadata().withNamespace("shop").withName("web").addToLabels("team", "a")
                .addToAnnotations("note", "kept").addNewManagedField().withManager("kubectl").withOperation("Update").endManagedField()
                .endMetadata().withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector()
                .addNewIngress().addNewFrom().withNewPodSelector().addToMatchLabels("app", "shop").endPodSelector().endFrom().endIngress()
                .endSpec().build();
        NetworkPolicy read = slim.unmarshal(full.asJson(np), NetworkPolicy.class);
        assertThat(read.getMetadata().getManagedFields()).isEmpty();
        assertThat(read.getMetadata().getAnnotations()).containsEntry("note", "kept");
        assertThat(read.getSpec()).isEqualTo(np.getSpec());
    }
}
