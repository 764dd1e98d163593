package io.netfence.agent.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.netfence.agent.sync.SyncOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One full garbage collection after the first successful sync, and never again. The initial list's pages are
 * promoted while they are read, so the old generation grows well beyond the state the agent keeps; the serial
 * collector gives heap back to the OS only at a full GC (down to {@code MaxHeapFreeRatio}), and a quiet agent never
 * runs one. One collection at the point where the initial list's garbage is dead releases it; it pauses the agent
 * once, for tens of milliseconds, after its rules are in place.
 * <p>
 * Before collecting, it can tighten {@code MinHeapFreeRatio}/{@code MaxHeapFreeRatio} (both manageable at run time):
 * a tight ratio from the start makes the heap grow in small steps while the initial list is read, one full GC per step;
 * tightened after it, the collection shrinks the heap to the kept state plus that margin (docs/benchmarks.md, "Agent
 * memory"). Off with
 * {@code netfence.agent.memory.release-heap-after-first-sync=false}.
 */
public final class HeapRelease implements Consumer<SyncOutcome> {

    private static final Logger log = LoggerFactory.getLogger(HeapRelease.class);

    private final Runnable collector;
    private final BiConsumer<String, String> vmOptions;
    private final int steadyMaxHeapFreeRatio;
    private final AtomicBoolean done = new AtomicBoolean();

    /** @param steadyMaxHeapFreeRatio the MaxHeapFreeRatio to set before collecting (percent), or -1 to leave the JVM's */
    public HeapRelease(int steadyMaxHeapFreeRatio) {
        this(System::gc, HeapRelease::setVmOption, steadyMaxHeapFreeRatio);
    }

    HeapRelease(Runnable collector, BiConsumer<String, String> vmOptions, int steadyMaxHeapFreeRatio) {
        if (steadyMaxHeapFreeRatio > 100) {
            throw new IllegalArgumentException("netfence.agent.memory.max-heap-free-ratio-after-first-sync: "
                    + steadyMaxHeapFreeRatio + " is not a percentage (0-100, or -1 to leave the JVM's setting)");
        }
        this.collector = collector;
        this.vmOptions = vmOptions;
        this.steadyMaxHeapFreeRatio = steadyMaxHeapFreeRatio;
    }

    @Override
    public void accept(SyncOutcome outcome) {
        if (!outcome.ok() || !done.compareAndSet(false, true)) {
            return;
        }
        if (steadyMaxHeapFreeRatio >= 0) {
            try {
                // MinHeapFreeRatio may not exceed MaxHeapFreeRatio: lower it first
                vmOptions.accept("MinHeapFreeRatio", String.valueOf(Math.min(steadyMaxHeapFreeRatio, 10)));
                vmOptions.accept("MaxHeapFreeRatio", String.valueOf(steadyMaxHeapFreeRatio));
            } catch (RuntimeException e) {
                log.warn("could not tighten the heap's free ratio ({}); collecting anyway", e.toString());
            }
        }
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory();
        long t0 = System.nanoTime();
        collector.run();
        log.info("first sync done: released the initial list's heap (full GC in {} ms, heap {} → {} MB committed)",
                (System.nanoTime() - t0) / 1_000_000, before >> 20, rt.totalMemory() >> 20);
    }

    public boolean done() {
        return done.get();
    }

    private static void setVmOption(String name, String value) {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).setVMOption(name, value);
    }
}
