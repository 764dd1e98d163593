package io.netfence.agent.memory;

import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.sync.SyncOutcome;
import io.netfence.agent.sync.SyncTracker;
import io.netfence.engine.compile.RulesetStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HeapReleaseTest {

    private final AtomicInteger collections = new AtomicInteger();
    private final HeapRelease release = new HeapRelease(collections::incrementAndGet);
    private final SyncTracker tracker = new SyncTracker();

    HeapReleaseTest() {
        tracker.addListener(release);
    }

    private static SyncOutcome outcome(String error) {
        return new SyncOutcome(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(42), SyncKind.FULL, "h",
                new RulesetStats(3, 1, 5, 20, 2, 7), error, false);
    }

    @Test
    void collectsOnceAfterTheFirstSuccessfulSyncOnly() {
        tracker.record(outcome("iptables-restore: exit 1"));
        assertThat(collections).hasValue(0);
        assertThat(release.done()).isFalse();

        tracker.record(outcome(null));
        assertThat(collections).hasValue(1);
        assertThat(release.done()).isTrue();

        tracker.record(outcome(null));
        tracker.record(outcome("failed again"));
        tracker.record(outcome(null));
        assertThat(collections).hasValue(1);
    }
}
