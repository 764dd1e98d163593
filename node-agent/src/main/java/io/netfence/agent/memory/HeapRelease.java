package io.netfence.agent.memory;

import io.netfence.agent.sync.SyncOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One full garbage collection after the first successful sync, and never again. The initial list's pages are
 * promoted while they are read, so the old generation grows well beyond the state the agent keeps; the serial
 * collector gives heap back to the OS only at a full GC (down to {@code -XX:MaxHeapFreeRatio}), and a quiet agent
 * never runs one. One collection at the point where the initial list's garbage is dead releases ~30 MB per node
 * (docs/benchmarks.md, "Agent memory"); it pauses the agent once, for tens of milliseconds, after its rules are in
 * place. Off with {@code netfence.agent.memory.release-heap-after-first-sync=false}.
 */
public final class HeapRelease implements Consumer<SyncOutcome> {

    private static final Logger log = LoggerFactory.getLogger(HeapRelease.class);

    private final Runnable collector;
    private final AtomicBoolean done = new AtomicBoolean();

    public HeapRelease() {
        this(System::gc);
    }

    HeapRelease(Runnable collector) {
        this.collector = collector;
    }

    @Override
    public void accept(SyncOutcome outcome) {
        if (!outcome.ok() || !done.compareAndSet(false, true)) {
            return;
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
}
