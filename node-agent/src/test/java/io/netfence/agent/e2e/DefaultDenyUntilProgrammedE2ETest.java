package io.netfence.agent.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.agent.apply.SyncKind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.ApiObjects.node;
import static io.netfence.agent.e2e.ApiObjects.pod;
import static io.netfence.agent.e2e.MiniCluster.nodeIp;
import static io.netfence.agent.e2e.MiniCluster.nodeName;
import static io.netfence.agent.e2e.MiniCluster.podCidr;
import static org.assertj.core.api.Assertions.assertThat;

/** With default-deny-until-programmed, a pod the agent has not seen yet can neither be reached nor connect. */
class DefaultDenyUntilProgrammedE2ETest {

    @Test
    void anUnprogrammedPodIsRejectedBothWaysUntilItsApiObjectArrives() throws Exception {
        try (MiniCluster cluster = new MiniCluster(1); MockApiServer api = new MockApiServer()) {
            KubernetesClient k = api.admin();
            k.resource(node(nodeName(1), nodeIp(1), podCidr(1))).create();
            k.resource(namespace("app", Map.of())).create();
            cluster.addPod("client", 1, "10.77.1.10");
            k.resource(pod("app", "client", Map.of(), nodeName(1), "10.77.1.10")).create();
            cluster.addPod("fresh", 1, "10.77.1.20");   // the CNI gave it an IP; the API does not show it yet
            try (RunningAgent agent = RunningAgent.start(api, nodeName(1), cluster.nodeNetns(1),
                    Map.of("netfence.agent.default-deny-until-programmed", "true"))) {
                AgentStatusAndFaultsE2ETest.await("first sync", () -> agent.tracker().firstSyncDone());

                assertThat(cluster.tcp("fresh", "10.77.1.10")).as("unprogrammed pod → programmed pod").isFalse();
                assertThat(cluster.tcp("client", "10.77.1.20")).as("programmed pod → unprogrammed pod").isFalse();
                assertThat(cluster.tcpFromNode(1, "10.77.1.20")).as("node → unprogrammed pod").isFalse();
                assertThat(cluster.tcp("client", "10.77.1.10")).as("programmed pods are untouched (no policy)").isTrue();
                // syncs are counted just after the tracker records them, one after another on the sync thread: once
                // a later (periodic, no-change) sync is counted, so is the first sync, and the baseline is stable
                double none = agent.syncs("success", SyncKind.NONE);
                AgentStatusAndFaultsE2ETest.await("a later sync counted", () -> agent.syncs("success", SyncKind.NONE) > none);
                double full = agent.syncs("success", SyncKind.FULL);
                int restores = agent.runner.iptablesRestores.get();

                k.resource(pod("app", "fresh", Map.of(), nodeName(1), "10.77.1.20")).create();

                AgentStatusAndFaultsE2ETest.await("fresh pod programmed", () -> cluster.tcp("fresh", "10.77.1.10"));
                assertThat(cluster.tcp("client", "10.77.1.20")).isTrue();
                assertThat(cluster.tcpFromNode(1, "10.77.1.20")).isTrue();
                assertThat(agent.syncs("success", SyncKind.FULL)).as("a new pod only adds a set member").isEqualTo(full);
                assertThat(agent.runner.iptablesRestores.get()).isEqualTo(restores);
            }
        }
    }
}
