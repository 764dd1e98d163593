package io.netfence.agent.sync;

import io.netfence.agent.config.AgentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs every sync on one thread: change notifications are coalesced ({@link CoalescingTrigger}); a periodic
 * resync checks for drift; a failed sync is retried with exponential backoff. Syncs start only once
 * {@link #open()} was called (the informers have their initial lists), so a half-known cluster is never applied.
 */
public final class SyncLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

    private final NodeSynchronizer synchronizer;
    private final SyncTracker tracker;
    private final AgentProperties.Sync settings;
    private final Duration resyncPeriod;
    private final ScheduledExecutorService executor;
    private final CoalescingTrigger changes;
    private volatile boolean open;
    private int consecutiveFailures;
    private ScheduledFuture<?> retry;
    private volatile Runnable beforeDriftCheck = () -> { };

    public SyncLoop(NodeSynchronizer synchronizer, SyncTracker tracker, AgentProperties.Sync settings, Duration resyncPeriod) {
        this.synchronizer = synchronizer;
        this.tracker = tracker;
        this.settings = settings;
        this.resyncPeriod = resyncPeriod;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netfence-sync");
            t.setDaemon(true);
            return t;
        });
        this.changes = new CoalescingTrigger(executor, settings.debounce(), settings.maxDelay(), () -> run(false));
    }

    /** Something in the cluster changed: sync soon (coalesced). */
    public void requestSync() {
        if (open) {
            changes.trigger();
        }
    }

    /** Check the kernel for drift and repair it, now (on the sync thread). */
    public void requestResync() {
        if (open) {
            executor.execute(() -> run(true));
        }
    }

    /** The cluster state is complete: run the first sync and start the periodic resync. */
    public synchronized void open() {
        if (open) {
            return;
        }
        open = true;
        executor.execute(() -> run(false));
        long period = resyncPeriod.toMillis();
        executor.scheduleWithFixedDelay(() -> run(true), period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs on the sync thread before every drift check (the watcher re-aligns the cluster state with its caches). */
    public void beforeDriftCheck(Runnable r) {
        this.beforeDriftCheck = r;
    }

    public boolean isOpen() {
        return open;
    }

    private void run(boolean checkDrift) {
        try {
            runOnce(checkDrift);
        } catch (RuntimeException e) {
            // never let an exception cancel the periodic resync or leave a failure without retry
            log.error("sync crashed; retrying", e);
            scheduleRetry(backoffMillis(++consecutiveFailures));
        }
    }

    /** At most one pending retry: every crash or failure replaces it, so retries never multiply. */
    private void scheduleRetry(long delayMillis) {
        if (retry != null) {
            retry.cancel(false);
        }
        retry = executor.schedule(() -> run(false), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void runOnce(boolean checkDrift) {
        if (checkDrift) {
            beforeDriftCheck.run();
        }
        SyncOutcome o = synchronizer.sync(checkDrift);
        tracker.record(o);
        if (o.ok()) {
            consecutiveFailures = 0;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        } else {
            consecutiveFailures++;
            long delay = backoffMillis(consecutiveFailures);
            log.warn("retrying the failed sync in {} ms (failure #{})", delay, consecutiveFailures);
            scheduleRetry(delay);
        }
    }

    long backoffMillis(int failures) {
        long initial = settings.retryInitial().toMillis();
        long max = settings.retryMax().toMillis();
        long d = initial << Math.min(failures - 1, 20);
        return Math.min(d <= 0 ? max : d, max);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
