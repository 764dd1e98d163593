package io.netfence.agent.sync;

import io.netfence.agent.apply.ApplyFailedException;
import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DataplaneProgrammer;
import io.netfence.agent.apply.DesiredDataplane;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.engine.compile.IncrementalNodeCompiler;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.compile.SetMemberChanges;
import io.netfence.engine.snapshot.ChangeJournal;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * One sync: compile this node's ruleset and let the {@link DataplaneProgrammer} apply the smallest safe change against
 * what it last applied (the kernel is read only by the drift check). Not thread-safe: the {@link SyncLoop} runs it on
 * one thread.
 * <p>
 * Compile: a sync after cluster events feeds only the objects that changed since the last sync (a {@link ChangeJournal}
 * on the {@link ClusterState}) to an {@link IncrementalNodeCompiler}; the first sync, the periodic resync and any sync
 * after the incremental path failed snapshot the whole state and compile the node from scratch, which is what gets
 * applied. Those full compiles also check the incremental compiler against it: a difference is logged, counted
 * ({@link #incrementalMismatches()}) and the incremental compiler is rebuilt.
 */
public final class NodeSynchronizer {

    private static final Logger log = LoggerFactory.getLogger(NodeSynchronizer.class);

    private final String nodeName;
    private final ClusterState state;
    private final NodeRulesetCompiler compiler;
    private final DesiredDataplaneFactory factory;
    private final KernelStateReader reader;
    private final DataplaneProgrammer programmer;

    private volatile NodeRuleset appliedRuleset;
    private boolean ipv6Warned;
    private final ChangeJournal journal = new ChangeJournal();
    private IncrementalNodeCompiler incremental;
    private boolean incrementalReady;
    private String lastCompile;
    private final java.util.concurrent.atomic.AtomicLong mismatches = new java.util.concurrent.atomic.AtomicLong();

    /**
     * This node's ruleset, what the dataplane factory reads besides it (the node and its pods) and, from the incremental
     * compiler, how its set members changed since the ruleset it compiled before (null from a full compile).
     */
    private record Compiled(NodeRuleset ruleset, ClusterSnapshot view, String how, SetMemberChanges changes) {
    }

    public NodeSynchronizer(String nodeName, ClusterState state, NodeRulesetCompiler compiler, DesiredDataplaneFactory factory,
                            ApplyPlanner planner, DataplaneApplier applier, KernelStateReader reader) {
        this.nodeName = nodeName;
        this.state = state;
        this.compiler = compiler;
        this.factory = factory;
        this.reader = reader;
        this.programmer = new DataplaneProgrammer(planner, applier, reader);
        this.incremental = new IncrementalNodeCompiler(compiler.options(), nodeName);
        state.addListener(journal); // before the first snapshot: nothing after it is missed
    }

    /**
     * @param checkDrift compare the kernel with what was applied first (periodic resync) and repair any difference
     */
    public SyncOutcome sync(boolean checkDrift) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        NodeRuleset ruleset = null;
        boolean drift = false;
        try {
            Compiled compiled = checkDrift || !incrementalReady ? compileFully() : compileIncrementally();
            if (compiled == null) {
                // Without it the node's own addresses (kubelet probes, always allowed) would drop out of the rules.
                String error = "Node \"" + nodeName + "\" is not in the API server (check NODE_NAME);"
                        + " the previous rules stay in place";
                log.error("sync refused: {}", error);
                return outcome(started, t0, SyncKind.FULL, null, error, false);
            }
            ruleset = compiled.ruleset();
            lastCompile = compiled.how();
            DesiredDataplane desired = factory.build(ruleset, compiled.view());
            if (!reader.ipv6Active()) {
                if (ruleset.uses(io.netfence.engine.compile.IpFamily.IPV6) && !ipv6Warned) {
                    ipv6Warned = true;
                    log.warn("the ruleset has IPv6 rules but ip6tables is disabled or unusable on this node; "
                            + "IPv6 pod traffic is not enforced");
                }
                desired = desired.without(io.netfence.engine.compile.IpFamily.IPV6);
            }
            long compiledNanos = System.nanoTime() - t0;
            DataplaneProgrammer.Result r = programmer.program(desired, compiled.changes(), checkDrift);
            drift = r.driftFound();
            if (r.kind() == SyncKind.NONE) {
                return outcome(started, t0, SyncKind.NONE, ruleset, null, false);
            }
            long appliedNanos = System.nanoTime() - t0;
            appliedRuleset = ruleset;
            log.info("sync {}: {} ({} sets refilled) in {} ms ({} compile {} ms), hash {}", r.kind().label(),
                    ruleset.stats(), r.changedSets(), appliedNanos / 1_000_000, compiled.how(),
                    compiledNanos / 1_000_000, ruleset.hash().substring(0, 12));
            return new SyncOutcome(started, Duration.ofNanos(appliedNanos), r.kind(), ruleset.hash(), ruleset.stats(), null, drift);
        } catch (ApplyFailedException | io.netfence.agent.kernel.CommandFailedException e) {
            log.error("sync failed, previous rules stay in place; retrying with backoff: {}", e.getMessage());
            return outcome(started, t0, SyncKind.FULL, ruleset, e.getMessage(), drift);
        } catch (RuntimeException e) {
            log.error("sync failed, previous rules stay in place; retrying with backoff", e);
            return outcome(started, t0, SyncKind.FULL, ruleset, e.toString(), drift);
        }
    }

    /**
     * Snapshot and compile from scratch; then bring the incremental compiler to the same snapshot and compare.
     *
     * @return null when this node is not in the cluster state
     */
    private Compiled compileFully() {
        journal.drain(); // the snapshot holds all of it; what changes from here on stays journaled
        ClusterSnapshot snapshot = state.snapshot();
        if (snapshot.node(nodeName).isEmpty()) {
            return null;
        }
        NodeRuleset full = compiler.compile(snapshot, nodeName);
        try {
            incremental.update(snapshot);
            NodeRuleset inc = incremental.ruleset();
            if (!inc.equals(full)) {
                mismatches.incrementAndGet();
                log.error("incremental compile differs from the full compile (hash {} vs {}); applying the full one and "
                        + "rebuilding the incremental compiler", inc.hash().substring(0, 12), full.hash().substring(0, 12));
                incremental = new IncrementalNodeCompiler(compiler.options(), nodeName);
                incremental.update(snapshot);
                incremental.ruleset();
            }
            incrementalReady = true;
        } catch (RuntimeException e) {
            log.error("incremental compiler failed to follow the full snapshot; the next sync compiles from scratch again", e);
            incremental = new IncrementalNodeCompiler(compiler.options(), nodeName);
            incrementalReady = false;
        }
        return new Compiled(full, snapshot, "full", null);
    }

    /** Feed the objects changed since the last sync; on any failure, fall back to a full compile. */
    private Compiled compileIncrementally() {
        try {
            incremental.apply(state, journal.drain());
            if (incremental.node().isEmpty()) {
                return null;
            }
            return new Compiled(incremental.ruleset(), incremental.nodeView(), "incremental", incremental.memberChanges());
        } catch (RuntimeException e) {
            log.error("incremental compile failed; compiling from scratch", e);
            incrementalReady = false;
            return compileFully();
        }
    }

    /** How the last sync compiled: "full" or "incremental" (tests). */
    String lastCompile() {
        return lastCompile;
    }

    /** Full compiles (first and periodic syncs) that found the incremental compiler's ruleset different. */
    public long incrementalMismatches() {
        return mismatches.get();
    }

    private static SyncOutcome outcome(Instant started, long t0, SyncKind kind, NodeRuleset r, String error, boolean drift) {
        return new SyncOutcome(started, Duration.ofNanos(System.nanoTime() - t0), kind, r == null ? null : r.hash(),
                r == null ? null : r.stats(), error, drift);
    }

    /** The ruleset of the last successful apply, or null. */
    public NodeRuleset appliedRuleset() {
        return appliedRuleset;
    }

    public DesiredDataplane applied() {
        return programmer.applied();
    }
}
