package io.netfence.agent.dataplane;

import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.kernel.ProcessCommandRunner;
import io.netfence.agent.sync.NodeSynchronizer;
import io.netfence.agent.sync.SyncOutcome;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforces like the running agent: one {@link NodeSynchronizer} per node namespace over a shared
 * {@link ClusterState}, which each step turns into the next snapshot (removals and upserts, as informer events
 * would). Nothing is reset in between: every transition is the agent's incremental apply (ipset-only or full
 * {@code iptables-restore --noflush} of its chains, stale chains and sets removed). Conntrack is flushed so old
 * flows don't decide new probes.
 */
public final class AgentEnforcer implements KernelCaseRunner.Enforcer {

    private final ClusterState state = new ClusterState();
    private final Map<String, NodeSynchronizer> synchronizers = new LinkedHashMap<>();
    private final Map<SyncKind, Integer> kinds = new EnumMap<>(SyncKind.class);

    public AgentEnforcer(Topology topology) {
        for (NodeNamespace node : topology.nodes()) {
            ProcessCommandRunner runner = new ProcessCommandRunner(node.commandPrefix());
            synchronizers.put(node.nodeName(), new NodeSynchronizer(node.nodeName(), state, new NodeRulesetCompiler(),
                    new DesiredDataplaneFactory(false), new ApplyPlanner(), new DataplaneApplier(runner),
                    new KernelStateReader(runner, true)));
        }
    }

    @Override
    public Map<String, NodeRuleset> enforce(Topology topology, ClusterSnapshot snapshot) {
        mirror(snapshot);
        Map<String, SyncOutcome> outcomes = KernelCaseRunner.onEveryNode(topology, node -> {
            SyncOutcome o = synchronizers.get(node.nodeName()).sync(false);
            node.flushConntrack();
            return o;
        });
        List<String> errors = new ArrayList<>();
        outcomes.forEach((node, o) -> {
            if (!o.ok()) {
                errors.add(node + ": " + o.error());
            }
            synchronized (kinds) {
                kinds.merge(o.kind(), 1, Integer::sum);
            }
        });
        if (!errors.isEmpty()) {
            throw new IllegalStateException("agent sync failed: " + errors);
        }
        Map<String, NodeRuleset> out = new LinkedHashMap<>();
        synchronizers.forEach((node, s) -> out.put(node, s.appliedRuleset()));
        return out;
    }

    /** How many node syncs took each path so far. */
    public Map<SyncKind, Integer> syncKinds() {
        synchronized (kinds) {
            return Map.copyOf(kinds);
        }
    }

    /** Makes the shared state equal to {@code target}, object by object. */
    private void mirror(ClusterSnapshot target) {
        ClusterSnapshot current = state.snapshot();
        for (Policy p : current.policies()) {
            if (target.policy(p.namespace(), p.name()).isEmpty()) {
                state.removePolicy(p.namespace(), p.name());
            }
        }
        for (PodInfo p : current.pods()) {
            if (target.pod(p.namespace(), p.name()).isEmpty()) {
                state.removePod(p.namespace(), p.name());
            }
        }
        for (NamespaceInfo n : current.namespaces()) {
            if (target.namespace(n.name()).isEmpty()) {
                state.removeNamespace(n.name());
            }
        }
        for (NodeInfo n : current.nodes()) {
            if (target.node(n.name()).isEmpty()) {
                state.removeNode(n.name());
            }
        }
        target.nodes().forEach(state::upsertNode);
        target.namespaces().forEach(state::upsertNamespace);
        target.pods().forEach(state::upsertPod);
        target.policies().forEach(state::upsertPolicy);
    }
}
