package io.netfence.agent.sync;

import io.netfence.agent.apply.SyncKind;
import io.netfence.engine.compile.RulesetStats;

import java.time.Duration;
import java.time.Instant;

/**
 * The result of one sync.
 *
 * @param kind        what was touched (NONE when the kernel already matched)
 * @param error       null on success, else the failed step with the command's stderr
 * @param driftFound  the periodic resync found the kernel differing from what was applied, and repaired it
 */
public record SyncOutcome(Instant time, Duration duration, SyncKind kind, String rulesetHash, RulesetStats stats,
                          String error, boolean driftFound) {

    public boolean ok() {
        return error == null;
    }
}
