package io.netfence.agent.sync;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces bursts of change notifications into one action: the action runs once no notification arrived for
 * {@code debounce}, or at the latest {@code maxDelay} after the first pending one, on the given executor.
 * Level-triggered: the action reads the current state, so a notification never carries data.
 */
public final class CoalescingTrigger {

    private final ScheduledExecutorService executor;
    private final long debounceNanos;
    private final long maxDelayNanos;
    private final Runnable action;
    private long firstPending = -1;
    private long lastEvent;
    private ScheduledFuture<?> scheduled;

    public CoalescingTrigger(ScheduledExecutorService executor, Duration debounce, Duration maxDelay, Runnable action) {
        this.executor = executor;
        this.debounceNanos = debounce.toNanos();
        this.maxDelayNanos = Math.max(maxDelay.toNanos(), debounceNanos);
        this.action = action;
    }

    public synchronized void trigger() {
        long now = System.nanoTime();
        if (firstPending < 0) {
            firstPending = now;
        }
        lastEvent = now;
        if (scheduled == null) {
            scheduled = executor.schedule(this::fire, debounceNanos, TimeUnit.NANOSECONDS);
        }
    }

    public synchronized boolean pending() {
        return firstPending >= 0;
    }

    private void fire() {
        synchronized (this) {
            long now = System.nanoTime();
            long due = Math.min(lastEvent + debounceNanos, firstPending + maxDelayNanos);
            if (now < due) {
                scheduled = executor.schedule(this::fire, due - now, TimeUnit.NANOSECONDS);
                return;
            }
            scheduled = null;
            firstPending = -1;
        }
        action.run();
    }
}
