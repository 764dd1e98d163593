package io.netfence.agent.apply;

import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.KernelState;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.engine.compile.SetMemberChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Brings the kernel to a {@link DesiredDataplane}, remembering what it applied: the next sync is planned against
 * that memory ({@link ExpectedKernel}), so the hot path runs only {@code ipset restore} of the changed sets and
 * {@code iptables-restore --noflush} of the changed chains — no {@code iptables-save}, no {@code ipset save}.
 * The kernel is read only by the periodic drift check (which repairs any difference), on the first sync, and after
 * a failure or an incomplete cleanup, when the memory cannot be trusted. Not thread-safe: one sync thread.
 */
public final class DataplaneProgrammer {

    private static final Logger log = LoggerFactory.getLogger(DataplaneProgrammer.class);

    /** What one call did: the kind of change, how many sets were refilled, whether drift was found and repaired. */
    public record Result(SyncKind kind, int changedSets, boolean driftFound) {
    }

    private final ApplyPlanner planner;
    private final DataplaneApplier applier;
    private final KernelStateReader reader;

    private DesiredDataplane applied;
    /** Whether the kernel is as the last apply left it (false at start, after a failure, with stale objects left). */
    private boolean trusted;
    /** The planner's view of the kernel after the last apply ({@link ExpectedKernel#outline}), when trusted. */
    private KernelState outline;
    /** The planner's view of each family's chains by chains hash: an ipset-only sync reuses it instead of rebuilding it. */
    private final Map<String, IptablesTable> tables = new HashMap<>();
    private boolean repairNext = true;

    public DataplaneProgrammer(ApplyPlanner planner, DataplaneApplier applier, KernelStateReader reader) {
        this.planner = planner;
        this.applier = applier;
        this.reader = reader;
    }

    /** As {@link #program(DesiredDataplane, SetMemberChanges, boolean)} without the compiler's member changes. */
    public Result program(DesiredDataplane desired, boolean checkDrift) {
        return program(desired, null, checkDrift);
    }

    /**
     * @param changes    the compiler's member changes since the ruleset it compiled before (null: none); the planner
     *                   uses them only when that is the ruleset applied last, else it compares set members
     * @param checkDrift read the kernel and compare it with what was applied first; repair any difference
     * @throws ApplyFailedException or {@link io.netfence.agent.kernel.CommandFailedException}: the next call repairs
     */
    public Result program(DesiredDataplane desired, SetMemberChanges changes, boolean checkDrift) {
        try {
            return doProgram(desired, changes, checkDrift);
        } catch (RuntimeException e) {
            repairNext = true;
            trusted = false;
            throw e;
        }
    }

    private Result doProgram(DesiredDataplane desired, SetMemberChanges changes, boolean checkDrift) {
        KernelState kernel = null;
        boolean drift = false;
        if (checkDrift && !repairNext && applied != null) {
            kernel = reader.read(false);
            drift = trusted && !ExpectedKernel.matches(kernel, ExpectedKernel.of(applied), applied);
            if (drift) {
                log.warn("drift: the kernel's netfence chains/sets differ from what was applied; repairing");
            }
        }
        boolean repair = repairNext || drift;
        if (!repair && trusted && desired.equals(applied)) {
            return new Result(SyncKind.NONE, 0, false);
        }
        if (kernel == null) {
            // A repair rewrites every set and chain: it needs the kernel's chains and hooks and only the names of its sets.
            kernel = trusted && !repair ? outline
                    : new KernelState(reader.readTables(false).tables(), reader.ipsetNames());
        }
        // Trusted memory with the same chains and hooks as applied: the kernel has them, only sets can differ.
        ApplyPlan plan = trusted && !repair && desired.sameChainsAs(applied)
                ? planner.planSetsOnly(desired, applied, kernel, changes)
                : planner.plan(desired, repair ? null : applied, kernel, repair, changes);
        boolean complete = applier.apply(plan);
        applied = desired;
        repairNext = false;
        // Stale chains or sets left behind (their removal failed) are not in the memory: read the kernel next time.
        trusted = complete;
        if (tables.size() > 8) {
            tables.clear();
        }
        outline = complete ? ExpectedKernel.outline(desired, tables) : null;
        return new Result(plan.kind(), plan.changedSets(), drift);
    }

    /** What the last successful call applied, or null. */
    public DesiredDataplane applied() {
        return applied;
    }
}
