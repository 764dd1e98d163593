package io.netfence.agent;

import io.netfence.agent.status.StatusReporter;
import io.netfence.agent.sync.SyncLoop;
import io.netfence.watch.ClusterWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

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
        watcher.start().whenComplete((v, e) -> {
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

    private void checkWatch() {
        if (!loop.isOpen()) {
            // the initial list failed (API server down at start); the informers keep retrying
            if (watcher.synced()) {
                log.info("informers synced after a failed start; starting the first sync");
                watcher.reconcile();
                wasWatching = true;
                loop.open();
            }
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
