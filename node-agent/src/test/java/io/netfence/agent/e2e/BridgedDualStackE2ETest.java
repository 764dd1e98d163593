package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.agent.dataplane.NodeNamespace;
import io.netfence.agent.dataplane.PodNamespace;
import io.netfence.agent.dataplane.Prober;
import io.netfence.agent.dataplane.RequiresRoot;
import io.netfence.agent.dataplane.KernelFeature;
import io.netfence.agent.dataplane.Topology;
import io.netfence.agent.status.StatusPublisher;
import io.netfence.engine.model.Protocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.netfence.agent.e2e.ApiObjects.allowFrom;
import static io.netfence.agent.e2e.ApiObjects.expectedHash;
import static io.netfence.agent.e2e.ApiObjects.namespace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agents on the dataplane suite's topology — pods on Linux bridges with br_netfilter, dual-stack — so the
 * agent's ip6tables and {@code family inet6} path is proven with real IPv6 packets as well.
 */
@RequiresRoot(tools = {"ip", "iptables", "ip6tables", "ipset", "conntrack"},
        features = {KernelFeature.NETNS, KernelFeature.BR_NETFILTER, KernelFeature.SETNS})
class BridgedDualStackE2ETest {

    private static final int PORT = 8080;

    @Test
    void aPolicyIsEnforcedOverIpv4AndIpv6OnBridgedPods() {
        try (Topology t = Topology.builder().nodes(2).dualStack(true)
                .pod("app/web", 0).pod("app/client", 1).pod("app/other", 1).build();
             MockApiServer api = new MockApiServer()) {
            t.serve(Topology.ports(Protocol.TCP, PORT));
            KubernetesClient k = api.admin();
            for (NodeNamespace n : t.nodes()) {
                k.resource(node(n)).create();
            }
            k.resource(namespace("app", Map.of())).create();
            k.resource(pod(t.pod("app/web"), Map.of("app", "web"))).create();
            k.resource(pod(t.pod("app/client"), Map.of("from", "allowed"))).create();
            k.resource(pod(t.pod("app/other"), Map.of("from", "denied"))).create();
            List<RunningAgent> agents = new ArrayList<>();
            try {
                for (NodeNamespace n : t.nodes()) {
                    agents.add(RunningAgent.start(api, n.nodeName(), n.netns(), Map.of("netfence.agent.ipv6", "true")));
                }
                PodNamespace web = t.pod("app/web");
                String webV6 = web.ipv6().orElseThrow();
                AgentStatusAndFaultsE2ETest.await("first syncs", () -> agents.stream().allMatch(a -> a.tracker().firstSyncDone()));
                assertThat(delivered(t, "app/other", web.ipv4())).isTrue();
                assertThat(delivered(t, "app/other", webV6)).isTrue();

                k.resource(allowFrom("app", "web", Map.of("app", "web"), Map.of("from", "allowed"), PORT)).create();

                AgentStatusAndFaultsE2ETest.await("IPv4 enforced", () -> !delivered(t, "app/other", web.ipv4()));
                AgentStatusAndFaultsE2ETest.await("IPv6 enforced", () -> !delivered(t, "app/other", webV6));
                assertThat(delivered(t, "app/client", web.ipv4())).isTrue();
                assertThat(delivered(t, "app/client", webV6)).isTrue();
                NodeNamespace n0 = t.node(0);
                assertThat(n0.sh("ip6tables-save -t filter")).contains("NETFENCE-IN-", "netfence drop ingress app/web");
                assertThat(n0.sh("ipset list -n")).contains("nf6");
                AgentStatusAndFaultsE2ETest.await("status hash", () -> expectedHash(k, n0.nodeName())
                        .equals(new StatusPublisher(k, n0.nodeName()).read().rulesetHash()));

                k.network().v1().networkPolicies().inNamespace("app").withName("web").delete();
                AgentStatusAndFaultsE2ETest.await("IPv6 open again", () -> delivered(t, "app/other", webV6));
                // stale chains go in a second step, after the new rules are in
                AgentStatusAndFaultsE2ETest.await("stale IPv6 pod chain removed",
                        () -> !n0.sh("ip6tables-save -t filter").contains("NETFENCE-IN-"));
            } finally {
                agents.forEach(RunningAgent::close);
            }
        }
    }

    private static boolean delivered(Topology t, String from, String ip) {
        PodNamespace src = t.pod(from);
        return t.prober().probe(new Prober.Probe(from, src.thread(), ip, ip, PORT, Protocol.TCP)).delivered();
    }

    private static Node node(NodeNamespace n) {
        var info = n.nodeInfo();
        var status = new NodeBuilder().withNewMetadata().withName(info.name()).endMetadata()
                .withNewSpec().withPodCIDR(info.podCidrs().get(0)).withPodCIDRs(info.podCidrs()).endSpec()
                .withNewStatus();
        for (String a : info.addresses()) {
            status.addNewAddress().withType("InternalIP").withAddress(a).endAddress();
        }
        return status.endStatus().build();
    }

    private static Pod pod(PodNamespace p, Map<String, String> labels) {
        String[] nsName = p.label().split("/");
        var status = new PodBuilder().withNewMetadata().withNamespace(nsName[0]).withName(nsName[1])
                .withLabels(new HashMap<>(labels)).endMetadata()
                .withNewSpec().withNodeName(p.node().nodeName()).addNewContainer().withName("main").withImage("example")
                .addNewPort().withContainerPort(PORT).withProtocol("TCP").endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(p.ipv4()).addNewPodIP().withIp(p.ipv4()).endPodIP();
        p.ipv6().ifPresent(ip -> status.addNewPodIP().withIp(ip).endPodIP());
        return status.endStatus().build();
    }
}
