package io.netfence.agent.sync;

import io.netfence.agent.config.AgentProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SyncLoopTest {

    @Test
    void retryBackoffDoublesFromTheInitialDelayUpToTheMaximum() {
        AgentProperties.Sync s = new AgentProperties.Sync(Duration.ofMillis(50), Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(30));
        try (SyncLoop loop = new SyncLoop(null, new SyncTracker(), s, Duration.ofMinutes(5))) {
            assertThat(loop.backoffMillis(1)).isEqualTo(500);
            assertThat(loop.backoffMillis(2)).isEqualTo(1000);
            assertThat(loop.backoffMillis(3)).isEqualTo(2000);
            assertThat(loop.backoffMillis(7)).isEqualTo(30_000);
            assertThat(loop.backoffMillis(500)).isEqualTo(30_000);
        }
    }

    @Test
    void repeatedCrashesKeepOneRetryChainNotOnePerCrash() throws InterruptedException {
        io.netfence.agent.kernel.CommandRunner kernel = (argv, stdin) -> new io.netfence.agent.kernel.CommandResult(0,
                argv.get(0).endsWith("-save") ? "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n" : "", "");
        var state = new io.netfence.engine.snapshot.ClusterState();
        state.upsertNode(new io.netfence.engine.model.NodeInfo("n1", java.util.List.of("192.168.0.1"), java.util.List.of("10.244.1.0/24")));
        NodeSynchronizer sync = new NodeSynchronizer("n1", state, new io.netfence.engine.compile.NodeRulesetCompiler(),
                new io.netfence.agent.apply.DesiredDataplaneFactory(false), new io.netfence.agent.apply.ApplyPlanner(),
                new io.netfence.agent.apply.DataplaneApplier(kernel), new io.netfence.agent.kernel.KernelStateReader(kernel, false));
        SyncTracker tracker = new SyncTracker();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        tracker.addListener(o -> {
            runs.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        AgentProperties.Sync s = new AgentProperties.Sync(Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofMillis(50), Duration.ofMillis(50));
        try (SyncLoop loop = new SyncLoop(sync, tracker, s, Duration.ofHours(1))) {
            loop.open();
            for (int i = 0; i < 10; i++) {
                loop.requestResync();
            }
            Thread.sleep(300);
            int before = runs.get();
            Thread.sleep(1000);
            // one retry chain at 50 ms makes ≈ 20 runs a second; a chain per crash would make ≈ 220
            assertThat(runs.get() - before).isBetween(5, 60);
        }
    }
}
