package io.netfence.agent.health;

import io.netfence.watch.ClusterWatcher;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * DEGRADED (HTTP 200, not part of liveness or readiness) while the informers have no watch on the API server:
 * the kernel keeps enforcing the last known state, and the agent catches up when the API server is back.
 */
public final class ApiServerHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "API server unreachable; enforcing the last known state");

    private final ClusterWatcher watcher;

    public ApiServerHealthIndicator(ClusterWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public Health health() {
        if (watcher.watching()) {
            return Health.up().build();
        }
        return Health.status(DEGRADED).withDetail("synced", watcher.synced()).build();
    }
}
