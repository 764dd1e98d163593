package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.PolicyConverter;
import io.netfence.engine.snapshot.ResourceConverter;

import java.util.Map;

/** Builders for the API objects the end-to-end tests create, and the hash the console would compute. */
final class ApiObjects {

    private ApiObjects() {
    }

    static Node node(String name, String internalIp, String podCidr) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress().endStatus()
                .build();
    }

    static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    static Pod pod(String ns, String name, Map<String, String> labels, String node, String ip, int... ports) {
        ContainerBuilder c = new ContainerBuilder().withName("main").withImage("example");
        for (int p : ports) {
            c.addNewPort().withContainerPort(p).withProtocol("TCP").endPort();
        }
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(node).withContainers(c.build()).endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus()
                .build();
    }

    /** Ingress to pods labelled {@code app=target} in {@code ns} only from pods labelled {@code from=allowed}, on {@code port}/TCP. */
    static NetworkPolicy allowFrom(String ns, String name, Map<String, String> target, Map<String, String> fromLabels, int port) {
        return new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(target).endPodSelector()
                .addNewIngress()
                .addNewFrom().withNewPodSelector().withMatchLabels(fromLabels).endPodSelector()
                .withNewNamespaceSelector().endNamespaceSelector().endFrom()
                .addNewPort().withProtocol("TCP").withNewPort(port).endPort()
                .endIngress()
                .withPolicyTypes("Ingress")
                .endSpec().build();
    }

    /** What the console computes for {@code node} from the objects stored in the API server. */
    static String expectedHash(KubernetesClient c, String node) {
        ClusterState s = new ClusterState();
        c.namespaces().list().getItems().forEach(n -> s.upsertNamespace(ResourceConverter.namespace(n)));
        c.nodes().list().getItems().forEach(n -> s.upsertNode(ResourceConverter.node(n)));
        c.pods().inAnyNamespace().list().getItems().forEach(p -> s.upsertPod(ResourceConverter.pod(p)));
        c.network().v1().networkPolicies().inAnyNamespace().list().getItems().forEach(p -> s.upsertPolicy(PolicyConverter.convert(p)));
        return new NodeRulesetCompiler().compile(s.snapshot(), node).hash();
    }
}
