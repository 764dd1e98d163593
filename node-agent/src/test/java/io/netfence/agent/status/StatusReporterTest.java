package io.netfence.agent.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.CommandResult;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.metrics.AgentMetrics;
import io.netfence.agent.sync.SyncOutcome;
import io.netfence.agent.sync.SyncTracker;
import io.netfence.engine.compile.RulesetStats;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.status.NodeFirewallStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatusReporterTest {

    private final SyncTracker tracker = new SyncTracker();
    private final java.util.concurrent.atomic.AtomicInteger saves = new java.util.concurrent.atomic.AtomicInteger();
    private final KernelStateReader reader = new KernelStateReader((argv, stdin) -> {
        saves.incrementAndGet();
        return new CommandResult(0, "*filter\nCOMMIT\n", "");
    }, false);
    private final ClusterState state = new ClusterState();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StatusReporter reporter = new StatusReporter(null, tracker, reader, state,
            new AgentMetrics(registry, tracker, state), "n1", "1.2.3", Duration.ofMinutes(1), false);

    private static SyncOutcome outcome(SyncKind kind, String hash, String error) {
        return new SyncOutcome(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(42), kind, hash,
                new RulesetStats(3, 1, 5, 20, 2, 7), error, false);
    }

    @Test
    void statusWritesAfterABurstOfSyncsReadTheRuleCountersOncePerHalfHeartbeat() {
        tracker.record(outcome(SyncKind.FULL, "h1", null));
        reporter.build();
        tracker.record(outcome(SyncKind.IPSET_ONLY, "h2", null));
        reporter.build();
        tracker.record(outcome(SyncKind.FULL, "h3", null));
        assertThat(reporter.build().rulesetHash()).isEqualTo("h3");

        assertThat(saves.get()).as("iptables-save -c runs").isEqualTo(1);
    }

    @Test
    void beforeTheFirstSyncTheNodeIsNotReadyAndSyncedIsUnknown() {
        NodeFirewallStatus s = reporter.build();
        assertThat(s.condition("Ready").orElseThrow().status()).isEqualTo("False");
        assertThat(s.condition("Synced").orElseThrow().status()).isEqualTo("Unknown");
        assertThat(s.rulesetHash()).isNull();
        assertThat(s.agentVersion()).isEqualTo("1.2.3");
        assertThat(s.compilerVersion()).isEqualTo(io.netfence.engine.compile.NodeRulesetCompiler.VERSION);
    }

    @Test
    void aFailedApplyAfterASuccessKeepsTheAppliedHashAndReportsTheError() {
        tracker.record(outcome(SyncKind.FULL, "h1", null));
        NodeFirewallStatus ok = reporter.build();
        assertThat(ok.rulesetHash()).isEqualTo("h1");
        assertThat(ok.lastSyncKind()).isEqualTo("full");
        assertThat(ok.lastSyncDurationMillis()).isEqualTo(42);
        assertThat(ok.counts()).isEqualTo(new NodeFirewallStatus.Counts(3, 1, 5, 20, 2, 7));
        String readySince = ok.condition("Ready").orElseThrow().lastTransitionTime();

        tracker.record(outcome(SyncKind.NONE, "h1", null));
        assertThat(reporter.build().lastSyncKind()).as("a no-op sync is not the last change").isEqualTo("full");
        assertThat(reporter.build().condition("Ready").orElseThrow().lastTransitionTime()).isEqualTo(readySince);

        tracker.record(outcome(SyncKind.FULL, "h2", "iptables-restore: line 3 failed"));
        NodeFirewallStatus failed = reporter.build();
        assertThat(failed.rulesetHash()).as("still the applied ruleset").isEqualTo("h1");
        assertThat(failed.lastError()).contains("line 3 failed");
        assertThat(failed.applyFailures()).isEqualTo(1);
        assertThat(failed.condition("Synced").orElseThrow().status()).isEqualTo("False");
        assertThat(failed.condition("Ready").orElseThrow().reason()).isEqualTo("LastApplyFailed");
    }

    @Test
    void anUnusablePolicyIsAFalseConditionNamingItAndAMetricUntilAUsableVersionArrives() {
        assertThat(reporter.build().condition("PoliciesUsable").orElseThrow().status()).isEqualTo("True");
        state.takePolicy(policy("deny-all", "10.0.0.0/8", "1"));
        state.takePolicy(policy("deny-all", "10.0.0.0/33", "2"));
        NodeFirewallStatus s = reporter.build();
        NodeFirewallStatus.Condition c = s.condition("PoliciesUsable").orElseThrow();
        assertThat(c.status()).isEqualTo("False");
        assertThat(c.reason()).isEqualTo("UnusablePolicies");
        assertThat(c.message()).contains("team-a/deny-all", "resourceVersion 2", "10.0.0.0/33", "last usable version stays enforced");
        assertThat(registry.get("netfence.policies.unusable").gauge().value()).isEqualTo(1.0);

        state.takePolicy(policy("deny-all", "10.0.0.0/16", "3"));
        assertThat(reporter.build().condition("PoliciesUsable").orElseThrow().status()).isEqualTo("True");
        assertThat(registry.get("netfence.policies.unusable").gauge().value()).isZero();
    }

    @Test
    void theConditionListsAFewAndCountsTheRest() {
        for (int i = 0; i < 8; i++) {
            state.takePolicy(policy("p" + i, "bad", "1"));
        }
        String message = reporter.build().condition("PoliciesUsable").orElseThrow().message();
        assertThat(message).contains("team-a/p0", "team-a/p4", "and 3 more").doesNotContain("team-a/p5");
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy(String name, String cidr, String rv) {
        return new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewMetadata().withNamespace("team-a").withName(name).withResourceVersion(rv).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().addNewIngress().addNewFrom().withNewIpBlock().withCidr(cidr)
                .endIpBlock().endFrom().endIngress().endSpec().build();
    }
}
