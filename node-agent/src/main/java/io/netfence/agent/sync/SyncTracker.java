package io.netfence.agent.sync;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Remembers the latest sync outcomes for health, status and metrics, and tells listeners about each one. */
public final class SyncTracker {

    private volatile SyncOutcome last;
    private volatile SyncOutcome lastSuccess;
    private volatile SyncOutcome lastChange;
    private final AtomicLong driftRepairs = new AtomicLong();
    private final AtomicLong applyFailures = new AtomicLong();
    private final CopyOnWriteArrayList<Consumer<SyncOutcome>> listeners = new CopyOnWriteArrayList<>();

    public void record(SyncOutcome o) {
        last = o;
        if (o.ok()) {
            lastSuccess = o;
            if (o.kind() != io.netfence.agent.apply.SyncKind.NONE) {
                lastChange = o;
            }
        } else {
            applyFailures.incrementAndGet();
        }
        if (o.driftFound() && o.ok()) {
            driftRepairs.incrementAndGet();
        }
        for (Consumer<SyncOutcome> l : listeners) {
            l.accept(o);
        }
    }

    public void addListener(Consumer<SyncOutcome> l) {
        listeners.add(l);
    }

    public SyncOutcome last() {
        return last;
    }

    public SyncOutcome lastSuccess() {
        return lastSuccess;
    }

    /** The last successful sync that changed the kernel (its time, duration and kind go into the status). */
    public SyncOutcome lastChange() {
        return lastChange;
    }

    /** A sync has succeeded since start. */
    public boolean firstSyncDone() {
        return lastSuccess != null;
    }

    /** The latest sync succeeded: the kernel enforces the latest known state. */
    public boolean lastApplyOk() {
        SyncOutcome l = last;
        return l != null && l.ok();
    }

    public long driftRepairs() {
        return driftRepairs.get();
    }

    public long applyFailures() {
        return applyFailures.get();
    }
}
