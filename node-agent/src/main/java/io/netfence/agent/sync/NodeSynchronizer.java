package io.netfence.agent.sync;

import io.netfence.agent.apply.ApplyFailedException;
import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DataplaneProgrammer;
import io.netfence.agent.apply.DesiredDataplane;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * One sync: snapshot the cluster state, compile this node's ruleset and let the {@link DataplaneProgrammer} apply
 * the smallest safe change against what it last applied (the kernel is read only by the drift check).
 * Not thread-safe: the {@link SyncLoop} runs it on one thread.
 */
public final class NodeSynchronizer {

    private static final Logger log = LoggerFactory.getLogger(NodeSynchronizer.class);

    private final String nodeName;
    private final ClusterState state;
    private final NodeRulesetCompiler compiler;
    private final DesiredDataplaneFactory factory;
    private final KernelStateReader reader;
    private final DataplaneProgrammer programmer;

    private NodeRuleset appliedRuleset;
    private boolean ipv6Warned;

    public NodeSynchronizer(String nodeName, ClusterState state, NodeRulesetCompiler compiler, DesiredDataplaneFactory factory,
                            ApplyPlanner planner, DataplaneApplier applier, KernelStateReader reader) {
        this.nodeName = nodeName;
        this.state = state;
        this.compiler = compiler;
        this.factory = factory;
        this.reader = reader;
        this.programmer = new DataplaneProgrammer(planner, applier, reader);
    }

    /**
     * @param checkDrift compare the kernel with the baseline first (periodic resync) and repair any difference
     */
    public SyncOutcome sync(boolean checkDrift) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        NodeRuleset ruleset = null;
        boolean drift = false;
        try {
            ClusterSnapshot snapshot = state.snapshot();
            if (snapshot.node(nodeName).isEmpty()) {
                // Without it the node's own addresses (kubelet probes, always allowed) would drop out of the rules.
                String error = "Node \"" + nodeName + "\" is not in the API server (check NODE_NAME);"
                        + " the previous rules stay in place";
                log.error("sync refused: {}", error);
                return outcome(started, t0, SyncKind.FULL, null, error, false);
            }
            ruleset = compiler.compile(snapshot, nodeName);
            DesiredDataplane desired = factory.build(ruleset, snapshot);
            if (!reader.ipv6Active()) {
                if (ruleset.uses(io.netfence.engine.compile.IpFamily.IPV6) && !ipv6Warned) {
                    ipv6Warned = true;
                    log.warn("the ruleset has IPv6 rules but ip6tables is disabled or unusable on this node; "
                            + "IPv6 pod traffic is not enforced");
                }
                desired = desired.without(io.netfence.engine.compile.IpFamily.IPV6);
            }
            long compiledNanos = System.nanoTime() - t0;
            DataplaneProgrammer.Result r = programmer.program(desired, checkDrift);
            drift = r.driftFound();
            if (r.kind() == SyncKind.NONE) {
                return outcome(started, t0, SyncKind.NONE, ruleset, null, false);
            }
            long appliedNanos = System.nanoTime() - t0;
            appliedRuleset = ruleset;
            log.info("sync {}: {} ({} sets refilled) in {} ms (snapshot+compile {} ms), hash {}", r.kind().label(),
                    ruleset.stats(), r.changedSets(), appliedNanos / 1_000_000, compiledNanos / 1_000_000,
                    ruleset.hash().substring(0, 12));
            return new SyncOutcome(started, Duration.ofNanos(appliedNanos), r.kind(), ruleset.hash(), ruleset.stats(), null, drift);
        } catch (ApplyFailedException | io.netfence.agent.kernel.CommandFailedException e) {
            log.error("sync failed, previous rules stay in place; retrying with backoff: {}", e.getMessage());
            return outcome(started, t0, SyncKind.FULL, ruleset, e.getMessage(), drift);
        } catch (RuntimeException e) {
            log.error("sync failed, previous rules stay in place; retrying with backoff", e);
            return outcome(started, t0, SyncKind.FULL, ruleset, e.toString(), drift);
        }
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
