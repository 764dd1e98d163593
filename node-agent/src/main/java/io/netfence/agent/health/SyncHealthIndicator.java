package io.netfence.agent.health;

import io.netfence.agent.sync.SyncOutcome;
import io.netfence.agent.sync.SyncTracker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness: UP once the first sync succeeded and the latest apply succeeded. While an apply fails the node keeps
 * its previous rules, but they may be stale, so the agent reports not-ready (and Synced=False in its status).
 */
public final class SyncHealthIndicator implements HealthIndicator {

    private final SyncTracker tracker;

    public SyncHealthIndicator(SyncTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public Health health() {
        SyncOutcome last = tracker.last();
        if (!tracker.firstSyncDone()) {
            return Health.down().withDetail("reason", last == null ? "no sync yet" : "first sync failed: " + last.error()).build();
        }
        if (!tracker.lastApplyOk()) {
            return Health.down().withDetail("reason", "last apply failed, previous rules in place: " + last.error()).build();
        }
        SyncOutcome ok = tracker.lastSuccess();
        return Health.up().withDetail("rulesetHash", ok.rulesetHash()).withDetail("lastSync", ok.time().toString())
                .withDetail("kind", ok.kind().label()).build();
    }
}
