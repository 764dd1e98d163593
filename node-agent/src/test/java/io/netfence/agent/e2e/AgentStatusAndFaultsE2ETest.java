package io.netfence.agent.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.agent.status.StatusPublisher;
import io.netfence.engine.status.NodeFirewallStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.netfence.agent.e2e.ApiObjects.allowFrom;
import static io.netfence.agent.e2e.ApiObjects.expectedHash;
import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.ApiObjects.node;
import static io.netfence.agent.e2e.ApiObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two agents (Spring contexts) against the CRUD mock API server, each bound to its own scratch node namespace:
 * status objects, the ipset-only path, drift repair, a failing apply and an API server outage. Traffic-level
 * convergence is proven with real probes in {@link EnforcementE2ETest}.
 */
class AgentStatusAndFaultsE2ETest {

    private MockApiServer api;
    private KubernetesClient k;
    private ScratchNetns ns1;
    private ScratchNetns ns2;
    private RunningAgent a1;
    private RunningAgent a2;

    @BeforeEach
    void setUp() {
        ns1 = ScratchNetns.create();
        ns2 = ScratchNetns.create();
        api = new MockApiServer();
        k = api.admin();
        k.resource(node("n1", "192.168.50.1", "10.244.1.0/24")).create();
        k.resource(node("n2", "192.168.50.2", "10.244.2.0/24")).create();
        k.resource(namespace("app", Map.of("team", "a"))).create();
        k.resource(pod("app", "web", Map.of("app", "web"), "n1", "10.244.1.10", 8080)).create();
        k.resource(pod("app", "client", Map.of("from", "allowed"), "n2", "10.244.2.10")).create();
        k.resource(pod("app", "other", Map.of("from", "denied"), "n2", "10.244.2.11")).create();
        a1 = RunningAgent.start(api, "n1", ns1.name(), Map.of());
        a2 = RunningAgent.start(api, "n2", ns2.name(), Map.of());
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[]{a1, a2, api, ns1, ns2}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private NodeFirewallStatus status(String node) {
        return new StatusPublisher(k, node).read();
    }

    private void awaitHash(String node) {
        await("status of " + node + " carries the console's hash", () -> {
            NodeFirewallStatus s = status(node);
            return s != null && expectedHash(k, node).equals(s.rulesetHash());
        });
    }

    static void await(String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting until " + what, last);
    }

    @Test
    void statusObjectsCarryTheConsoleHashCountsAndConditions() {
        k.resource(allowFrom("app", "web-from-allowed", Map.of("app", "web"), Map.of("from", "allowed"), 8080)).create();
        awaitHash("n1");
        awaitHash("n2");

        NodeFirewallStatus s1 = status("n1");
        assertThat(s1.counts().localPods()).isEqualTo(1);
        assertThat(s1.counts().isolatedPods()).isEqualTo(1);
        assertThat(s1.counts().rules()).isPositive();
        assertThat(s1.condition("Ready")).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("True"));
        assertThat(s1.condition("Synced")).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("True"));
        assertThat(s1.lastError()).isNull();
        assertThat(s1.agentVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(s1.lastSyncKind()).isIn("full", "ipset-only");
        assertThat(s1.heartbeatTime()).isNotNull();
        assertThat(status("n2").counts().isolatedPods()).isZero();
        assertThat(ns1.sh("iptables-save -t filter")).contains("NETFENCE-IN-", "netfence drop ingress app/web");
        assertThat(a1.get("/actuator/health/readiness")).startsWith("200");
        assertThat(a1.get("/actuator/prometheus")).contains("netfence_sync_duration_seconds_bucket", "netfence_ruleset_rules");
    }

    @Test
    void prometheusExposesEveryMetricTheIssueAsksFor() {
        k.resource(allowFrom("app", "web-from-allowed", Map.of("app", "web"), Map.of("from", "allowed"), 8080)).create();
        awaitHash("n1");
        // drops per pod (netfence_pod_dropped_packets{pod=...}) need real rejected traffic: EnforcementE2ETest
        String m = a1.get("/actuator/prometheus");
        assertThat(m).as("sync duration histogram by kind")
                .containsPattern("netfence_sync_duration_seconds_bucket\\{kind=\"full\",le=\"[^\"]+\"} [1-9]")
                .containsPattern("netfence_sync_duration_seconds_bucket\\{kind=\"ipset-only\",le=");
        assertThat(m).as("syncs by result").containsPattern("netfence_syncs_total\\{kind=\"full\",result=\"success\"} [1-9]");
        assertThat(m).as("ruleset size")
                .containsPattern("(?m)^netfence_ruleset_rules [1-9]")
                .containsPattern("(?m)^netfence_ruleset_sets [1-9]")
                .containsPattern("(?m)^netfence_ruleset_set_entries [1-9]");
        assertThat(m).as("drift repairs, apply failures")
                .containsPattern("(?m)^netfence_drift_repairs_total 0")
                .containsPattern("(?m)^netfence_apply_failures_total 0");
        assertThat(m).as("time of the last successful sync").containsPattern("(?m)^netfence_sync_last_success_seconds 1\\.[0-9]+E9");

        a1.runner.failRestores.set(true);
        k.resource(allowFrom("app", "web-from-other", Map.of("app", "web"), Map.of("from", "denied"), 8080)).create();
        await("apply failure counted", () -> a1.get("/actuator/prometheus").lines()
                .anyMatch(l -> l.matches("netfence_apply_failures_total [1-9].*")));
        assertThat(a1.get("/actuator/prometheus")).containsPattern("netfence_syncs_total\\{kind=\"full\",result=\"failure\"} [1-9]");
        a1.runner.failRestores.set(false);
    }

    @Test
    void aPeerLabelChangeTakesTheIpsetOnlyPath() throws InterruptedException {
        k.resource(allowFrom("app", "web-from-allowed", Map.of("app", "web"), Map.of("from", "allowed"), 8080)).create();
        awaitHash("n1");
        Thread.sleep(200);  // let the last sync's metrics land before taking the baseline
        double full = a1.syncs("success", SyncKind.FULL);
        double ipsetOnly = a1.syncs("success", SyncKind.IPSET_ONLY);
        int restores = a1.runner.iptablesRestores.get();

        k.pods().inNamespace("app").withName("other").edit(p -> {
            p.getMetadata().getLabels().put("from", "allowed");
            return p;
        });
        awaitHash("n1");

        await("ipset-only sync counted", () -> a1.syncs("success", SyncKind.IPSET_ONLY) > ipsetOnly);
        assertThat(a1.syncs("success", SyncKind.FULL)).isEqualTo(full);
        assertThat(a1.runner.iptablesRestores.get()).as("no iptables-restore for a set-only change").isEqualTo(restores);
        assertThat(ns1.sh("ipset save")).contains("10.244.2.11");
    }

    @Test
    void driftIsRepairedByTheResyncAndCounted() {
        k.resource(allowFrom("app", "web-from-allowed", Map.of("app", "web"), Map.of("from", "allowed"), 8080)).create();
        awaitHash("n1");
        String good = ns1.sh("iptables-save -t filter | grep -v '^#'");
        String chain = good.lines().filter(l -> l.startsWith(":NETFENCE-IN-")).findFirst().orElseThrow().substring(1).split(" ")[0];

        String policyChain = good.lines().filter(l -> l.startsWith(":NETFENCE-PI-")).findFirst().orElseThrow().substring(1).split(" ")[0];
        String goodSets = ns1.sh("ipset save | grep -v ^create | sort");
        String peerSet = goodSets.lines().filter(l -> l.contains("10.244.2.10")).findFirst().orElseThrow().split(" ")[1];

        // a set in use cannot be destroyed: flush the policy chain that references it first, as an operator would
        // between two syncs: a drift check in the middle of these commands would repair into a half-done edit
        a1.betweenSyncs(() -> {
            ns1.sh("iptables -F " + chain + " && iptables -D FORWARD -m comment --comment netfence -j NETFENCE-FORWARD"
                    + " && iptables -F " + policyChain + " && ipset destroy " + peerSet);
            assertThat(ns1.sh("ipset list -n")).doesNotContain(peerSet);
        });

        await("drift repaired", () -> ns1.sh("iptables-save -t filter | grep -v '^#'").equals(good)
                && ns1.sh("ipset save | grep -v ^create | sort").equals(goodSets));
        await("repair counted in status", () -> status("n1").driftRepairs() >= 1);
        assertThat(a1.get("/actuator/prometheus")).containsPattern("netfence_drift_repairs(_total)? [1-9]");
    }

    @Test
    void aFailingApplyKeepsTheOldRulesReportsTheErrorAndRecovers() {
        awaitHash("n1");
        String before = ns1.sh("iptables-save -t filter | grep -v '^#'");
        a1.runner.failRestores.set(true);

        k.resource(allowFrom("app", "web-from-allowed", Map.of("app", "web"), Map.of("from", "allowed"), 8080)).create();

        await("error in status", () -> {
            NodeFirewallStatus s = status("n1");
            return s.lastError() != null && s.lastError().contains("injected failure")
                    && s.condition("Synced").map(c -> c.status().equals("False")).orElse(false);
        });
        assertThat(ns1.sh("iptables-save -t filter | grep -v '^#'")).isEqualTo(before);
        assertThat(a1.get("/actuator/health/readiness")).startsWith("503");
        assertThat(a1.get("/actuator/health/liveness")).startsWith("200");
        assertThat(status("n1").applyFailures()).isPositive();

        a1.runner.failRestores.set(false);
        awaitHash("n1");
        await("recovered", () -> status("n1").lastError() == null);
        assertThat(ns1.sh("iptables-save -t filter")).contains("netfence drop ingress app/web");
    }

    @Test
    void anApiServerOutageKeepsTheRulesDegradesHealthAndCatchesUpAfterwards() {
        k.resource(allowFrom("app", "web-from-allowed", Map.of("app", "web"), Map.of("from", "allowed"), 8080)).create();
        awaitHash("n1");
        String rules = ns1.sh("iptables-save -t filter | grep -v '^#'");

        api.stop();
        await("health degraded", () -> a1.get("/actuator/health").contains("DEGRADED"));
        assertThat(a1.get("/actuator/health")).startsWith("200");
        assertThat(a1.get("/actuator/health/readiness")).startsWith("200");
        assertThat(a1.get("/actuator/health/liveness")).startsWith("200");
        assertThat(ns1.sh("iptables-save -t filter | grep -v '^#'")).isEqualTo(rules);

        api.restart();
        await("watching again", () -> !a1.get("/actuator/health").contains("DEGRADED"));
        PolicyWatchBarrier.await(k, "app", List.of(a1, a2));
        k.network().v1().networkPolicies().inNamespace("app").withName("web-from-allowed").delete();
        awaitHash("n1");
        assertThat(ns1.sh("iptables-save -t filter")).doesNotContain("NETFENCE-IN-");
    }

    @Test
    void anAgentStartedDuringAnOutageKeepsTheOldRulesAndSyncsOnceTheApiServerIsBack() {
        k.resource(allowFrom("app", "web-from-allowed", Map.of("app", "web"), Map.of("from", "allowed"), 8080)).create();
        awaitHash("n1");
        String rules = ns1.sh("iptables-save -t filter | grep -v '^#'");
        a1.close();

        api.stop();
        a1 = RunningAgent.start(api, "n1", ns1.name(), Map.of());
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(a1.tracker().firstSyncDone()).isFalse();
        assertThat(a1.get("/actuator/health/readiness")).startsWith("503");
        assertThat(a1.get("/actuator/health/liveness")).startsWith("200");
        assertThat(ns1.sh("iptables-save -t filter | grep -v '^#'")).as("never flushed while waiting").isEqualTo(rules);

        api.restart();
        await("first sync after the outage", () -> a1.tracker().firstSyncDone());
        await("ready", () -> a1.get("/actuator/health/readiness").startsWith("200"));
        awaitHash("n1");
        assertThat(ns1.sh("iptables-save -t filter | grep -v '^#'")).isEqualTo(rules);
    }
}
