package io.netfence.agent.cnpstatus;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes part in a leader election on a {@code coordination.k8s.io/v1} Lease with fabric8's {@link
 * io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector}, for as long as it is started. A fabric8 elector
 * ends for good when it loses the lease (renew deadline passed, or another holder observed); this class then starts a
 * new one, so a former leader becomes a candidate again. {@link #stop()} releases a held lease, so another candidate
 * takes over within its retry period rather than after the lease expires.
 */
public final class LeaseElection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseElection.class);

    /** Lease timing: a leader that cannot renew for {@code renewDeadline} stops writing before the lease can expire. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public Timing {
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("netfence.agent.cnp-status: the lease timing must satisfy retry-period < renew-deadline "
                        + "< lease-duration, got retry-period " + retryPeriod + ", renew-deadline " + renewDeadline
                        + ", lease-duration " + leaseDuration);
            }
        }
    }

    private final KubernetesClient client;
    private final LeaderElectionConfig config;
    private final Duration restartDelay;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "netfence-lease-election");
        t.setDaemon(true);
        return t;
    });
    private boolean running;
    private CompletableFuture<?> current;

    public LeaseElection(KubernetesClient client, String namespace, String leaseName, String identity, Timing timing,
                         Runnable onStartLeading, Runnable onStopLeading) {
        this.client = client;
        this.restartDelay = timing.retryPeriod();
        this.config = new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(onStartLeading, onStopLeading,
                        leader -> log.info("lease {}/{}: holder is now {}", namespace, leaseName, leader)))
                .build();
    }

    /** Becomes a candidate (no-op when already one). */
    public synchronized void start() {
        if (!running) {
            running = true;
            elect();
        }
    }

    private synchronized void elect() {
        if (!running) {
            return;
        }
        CompletableFuture<?> elector = client.leaderElector().withConfig(config).build().start();
        current = elector;
        elector.whenComplete((v, t) -> {
            // fabric8 has called onStopLeading if this elector led; make sure whatever happened
            config.getLeaderCallbacks().onStopLeading();
            if (t != null && !(t instanceof CancellationException)) {
                log.warn("leader election on {} ended: {}", config.getLock().describe(), t.toString());
            }
            try {
                restarts.schedule(this::elect, restartDelay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closing
            }
        });
    }

    public synchronized boolean running() {
        return running;
    }

    /** Stops being a candidate; a held lease is released (fabric8's release-on-cancel). */
    public synchronized void stop() {
        running = false;
        if (current != null) {
            current.cancel(true);
            current = null;
        }
    }

    @Override
    public void close() {
        stop();
        restarts.shutdownNow();
    }
}
