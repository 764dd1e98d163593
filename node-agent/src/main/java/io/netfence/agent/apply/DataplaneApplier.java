package io.netfence.agent.apply;

import io.netfence.agent.kernel.CommandFailedException;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.Iptables;
import io.netfence.engine.compile.IpFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Runs an {@link ApplyPlan}: sets, then the chains of each family in one {@code iptables-restore -w --noflush}
 * (atomic per family), then removal of stale chains and sets. Stops at the first failing step; a failed chain
 * step leaves that family's previous rules untouched (iptables-restore commits all or nothing).
 */
public final class DataplaneApplier {

    private static final Logger log = LoggerFactory.getLogger(DataplaneApplier.class);

    private final CommandRunner runner;

    public DataplaneApplier(CommandRunner runner) {
        this.runner = runner;
    }

    /** @return false when removing stale chains or sets failed (they stay in the kernel, retried next sync) */
    public boolean apply(ApplyPlan plan) {
        boolean complete = true;
        if (plan.ipsetUpdate() != null) {
            try {
                runner.check(Iptables.ipsetRestore(), plan.ipsetUpdate());
            } catch (CommandFailedException e) {
                throw new ApplyFailedException("ipset restore", e);
            }
        }
        for (Map.Entry<IpFamily, String> e : plan.iptables().entrySet()) {
            try {
                runner.check(Iptables.restore(e.getKey()), e.getValue());
            } catch (CommandFailedException ex) {
                throw new ApplyFailedException(e.getKey().command() + "-restore", ex);
            }
        }
        // Stale objects are unreferenced now; failing to remove them does not endanger enforcement.
        for (Map.Entry<IpFamily, String> e : plan.iptablesCleanup().entrySet()) {
            try {
                runner.check(Iptables.restore(e.getKey()), e.getValue());
            } catch (CommandFailedException ex) {
                complete = false;
                log.warn("removing stale {} chains failed (retried next sync): {}", e.getKey().command(), ex.getMessage());
            }
        }
        if (plan.ipsetCleanup() != null) {
            try {
                runner.check(Iptables.ipsetRestore(), plan.ipsetCleanup());
            } catch (CommandFailedException ex) {
                complete = false;
                log.warn("removing stale ipsets failed (retried next sync): {}", ex.getMessage());
            }
        }
        return complete;
    }
}
