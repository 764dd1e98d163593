package io.netfence.agent.cnpstatus;

import io.netfence.watch.ClusterWatcher;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the status lease election only while the ClusterNetworkPolicy CRD is installed (a cluster without it pays no
 * lease traffic) and while this agent is one of the candidates ({@link ElectionCandidates}: a few agents, not all), and
 * every {@code checkPeriod} lets the leader check all policies against their stored conditions. Stopping the agent, or
 * leaving the candidates, releases a held lease, so another agent takes over at once.
 */
public final class ClusterNetworkPolicyStatusLifecycle implements SmartLifecycle {

    private final ClusterWatcher watcher;
    private final LeaseElection election;
    private final ClusterNetworkPolicyStatusController controller;
    private final Duration checkPeriod;
    private final BooleanSupplier candidate;
    private ScheduledExecutorService ticks;
    private volatile boolean running;

    public ClusterNetworkPolicyStatusLifecycle(ClusterWatcher watcher, LeaseElection election,
                                               ClusterNetworkPolicyStatusController controller, Duration checkPeriod,
                                               BooleanSupplier candidate) {
        this.watcher = watcher;
        this.candidate = candidate;
        this.election = election;
        this.controller = controller;
        this.checkPeriod = checkPeriod;
    }

    @Override
    public synchronized void start() {
        running = true;
        ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netfence-cnp-status-check");
            t.setDaemon(true);
            return t;
        });
        ticks.scheduleWithFixedDelay(this::tick, 0, checkPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick() {
        if (watcher.clusterNetworkPoliciesWatched() && candidate.getAsBoolean()) {
            election.start();
            controller.requestAll();
        } else if (election.running()) {
            election.stop();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (ticks != null) {
            ticks.shutdownNow();
        }
        election.close();
        controller.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
