package io.netfence.agent;

import io.netfence.agent.status.StatusReporter;
import io.netfence.agent.sync.SyncLoop;
import io.netfence.watch.ClusterWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts the agent: informers first; the sync loop opens only when every informer has its initial list (so a
 * half-known cluster is never enforced, and the rules of a previous run stay until then); status heartbeats;
 * a watch monitor that triggers a drift-checking resync when the API server is reachable again.
 */
public final class AgentLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentLifecycle.class);
    /**
     * How long the monitor waits, once the informers have synced, for the start future to open the loop itself: it
     * completes after a reconcile of the whole state, which takes seconds at 50,000 pods.
     */
    static final Duration START_GRACE = Duration.ofSeconds(60);

    private final ClusterWatcher watcher;
    private final SyncLoop loop;
    private final StatusReporter reporter;
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "netfence-watch-monitor");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;
    private volatile boolean wasWatching;
    private volatile CompletableFuture<Void> started = new CompletableFuture<>();
    private long syncedSinceNanos = -1;  // monitor thread only

    public AgentLifecycle(ClusterWatcher watcher, SyncLoop loop, StatusReporter reporter) {
        this.watcher = watcher;
        this.loop = loop;
        this.reporter = reporter;
    }

    @Override
    public void start() {
        running = true;
        reporter.start();
        loop.beforeDriftCheck(watcher::reconcile);
        started = watcher.start();
        started.whenComplete((v, e) -> {
            if (e != null) {
                log.error("informers stopped before their initial lists completed; existing rules stay in place: {}", e.getMessage());
                return;
            }
            log.info("informers synced; starting the first sync");
            wasWatching = true;
            loop.open();
        });
        monitor.scheduleWithFixedDelay(this::checkWatch, 1, 1, TimeUnit.SECONDS);
    }

    void checkWatch() {
        if (!loop.isOpen()) {
            openIfStartFailed();
            return;
        }
        boolean now = watcher.watching();
        if (now && !wasWatching && loop.isOpen()) {
            log.info("API server reachable again; resyncing");
            loop.requestSync();
            loop.requestResync();
            reporter.request();
        } else if (!now && wasWatching) {
            log.warn("lost the watch on the API server; enforcing the last known state until it is back");
        }
        wasWatching = now;
    }

    /**
     * The informers retry a failed initial list themselves; when their start future failed, or has not completed long
     * after they synced, the loop opens from here. Otherwise the start future opens it (after its reconcile), and
     * opening here as well would reconcile twice and log a failure that never happened.
     */
    private void openIfStartFailed() {
        if (!watcher.synced()) {
            syncedSinceNanos = -1;
            return;
        }
        if (syncedSinceNanos < 0) {
            syncedSinceNanos = System.nanoTime();
        }
        boolean failed = started.isCompletedExceptionally();
        boolean stuck = !started.isDone() && System.nanoTime() - syncedSinceNanos > START_GRACE.toNanos();
        if (failed || stuck) {
            log.info("informers synced after a {} start; starting the first sync", failed ? "failed" : "stalled");
            watcher.reconcile();
            wasWatching = true;
            loop.open();
        }
    }

    @Override
    public void stop() {
        running = false;
        monitor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
