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
    private final java.util.List<String> options = new java.util.ArrayList<>();
    private final HeapRelease release = new HeapRelease(() -> {
        options.add("gc");
        collections.incrementAndGet();
    }, (name, value) -> options.add(name + "=" + value), 10);
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

    @Test
    void tightensTheFreeRatiosBeforeItsOneCollectionMinFirst() {
        tracker.record(outcome(null));
        tracker.record(outcome(null));
        assertThat(options).containsExactly("MinHeapFreeRatio=10", "MaxHeapFreeRatio=10", "gc");
    }

    @Test
    void leavesTheJvmsRatiosAloneWhenToldToAndCollectsEvenIfTheyCannotBeSet() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        new HeapRelease(() -> seen.add("gc"), (n, v) -> seen.add(n), -1).accept(outcome(null));
        assertThat(seen).containsExactly("gc");
        seen.clear();
        new HeapRelease(() -> seen.add("gc"), (n, v) -> {
            throw new IllegalArgumentException("not writeable");
        }, 20).accept(outcome(null));
        assertThat(seen).containsExactly("gc");
    }

    @Test
    void theRealJvmAcceptsTheRatios() throws Exception {
        var bean = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        String min = bean.getVMOption("MinHeapFreeRatio").getValue();
        String max = bean.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            new HeapRelease(42).accept(outcome(null));
            assertThat(bean.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("42");
            assertThat(Integer.parseInt(bean.getVMOption("MinHeapFreeRatio").getValue())).isLessThanOrEqualTo(10);
        } finally {
            bean.setVMOption("MinHeapFreeRatio", "0");
            bean.setVMOption("MaxHeapFreeRatio", max);
            bean.setVMOption("MinHeapFreeRatio", min);
        }
    }

    @Test
    void refusesARatioThatIsNotAPercentage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HeapRelease(150))
                .hasMessageContaining("max-heap-free-ratio-after-first-sync");
    }
}
