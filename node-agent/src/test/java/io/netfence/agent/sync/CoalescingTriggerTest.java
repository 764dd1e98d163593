package io.netfence.agent.sync;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescingTriggerTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aBurstRunsTheActionOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CoalescingTrigger t = new CoalescingTrigger(executor, Duration.ofMillis(100), Duration.ofSeconds(5), runs::incrementAndGet);
        for (int i = 0; i < 50; i++) {
            t.trigger();
        }
        awaitAtLeast(runs, 1);
        Thread.sleep(300);  // quiet window: a second run would come within one debounce
        assertThat(runs).hasValue(1);
        assertThat(t.pending()).isFalse();
    }

    @Test
    void aContinuousStreamStillRunsWithinTheMaximumDelay() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CoalescingTrigger t = new CoalescingTrigger(executor, Duration.ofMillis(100), Duration.ofMillis(300), runs::incrementAndGet);
        long end = System.nanoTime() + Duration.ofMillis(1000).toNanos();
        while (System.nanoTime() < end) {
            t.trigger();  // never quiet for 100 ms: only the max delay can fire it
            Thread.sleep(20);
        }
        // ~1000 ms / 300 ms max delay: at least 2 runs although the stream never paused
        assertThat(runs.get()).isBetween(2, 5);
    }

    @Test
    void aTriggerDuringTheActionRunsItAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CoalescingTrigger[] holder = new CoalescingTrigger[1];
        holder[0] = new CoalescingTrigger(executor, Duration.ofMillis(10), Duration.ofMillis(50), () -> {
            if (runs.incrementAndGet() == 1) {
                holder[0].trigger();
            }
        });
        holder[0].trigger();
        awaitAtLeast(runs, 2);
        Thread.sleep(200);  // quiet window: a third run would come within the max delay
        assertThat(runs).hasValue(2);
    }

    /** The first runs may be late on a loaded machine; only the quiet window after them is timed. */
    private static void awaitAtLeast(AtomicInteger runs, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runs.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
