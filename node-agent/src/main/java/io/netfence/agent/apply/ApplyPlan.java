package io.netfence.agent.apply;

import io.netfence.engine.compile.IpFamily;
import java.util.Map;

/**
 * The scripts of one sync, run in this order: {@code ipsetUpdate} (new and changed sets, via temporary set +
 * swap), {@code iptables} (one {@code iptables-restore --noflush} per family: netfence's chains and hooks only),
 * then {@code iptablesCleanup} and {@code ipsetCleanup} (stale chains and sets, once nothing refers to them).
 * A null or empty script is skipped.
 */
public record ApplyPlan(SyncKind kind, String ipsetUpdate, Map<IpFamily, String> iptables,
                        Map<IpFamily, String> iptablesCleanup, String ipsetCleanup, int changedSets) {

    public ApplyPlan {
        iptables = Map.copyOf(iptables);
        iptablesCleanup = Map.copyOf(iptablesCleanup);
    }

    public static ApplyPlan none() {
        return new ApplyPlan(SyncKind.NONE, null, Map.of(), Map.of(), null, 0);
    }
}
