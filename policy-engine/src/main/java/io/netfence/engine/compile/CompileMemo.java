package io.netfence.engine.compile;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The parts of a node's ruleset that depend on one object only (a policy's chains, a pod's chain for a given list of
 * policy chains, hashed names), kept between compiles by {@link IncrementalNodeCompiler} and thrown away after one
 * compile by {@link NodeRulesetCompiler}. An entry is valid while the object it was built from is the same instance:
 * nothing has to invalidate it. {@link #sweep()} forgets what the last compile did not use.
 */
final class CompileMemo {

    /**
     * What one direction of one policy compiles to in one family: its chain (null when it allows nothing in this
     * family) and the sets its rules reference, in the order the compiler meets them (the first peer naming a shared
     * set gives the set its origin text).
     */
    record PolicyChainPlan(Policy policy, ChainSpec chain, String origin, List<SetRef> sets) {
    }

    /** What one direction of one ClusterNetworkPolicy compiles to in one family (chain null: matches nothing here). */
    record ClusterChainPlan(ClusterNetworkPolicy policy, ChainSpec chain, String origin, List<SetRef> sets) {
    }

    /** A set a policy chain references; its members are resolved at every compile. */
    sealed interface SetRef permits SelectorSetRef, FixedSetRef, NamedPortSetRef, NodeSetRef {
        String name();

        String origin();
    }

    record SelectorSetRef(String name, String origin, SelectorPeer peer, String policyNamespace, String canonical)
            implements SetRef {
    }

    /** An ipBlock set: its members come from the policy alone. */
    record FixedSetRef(IpSetSpec set, String origin) implements SetRef {
        @Override
        public String name() {
            return set.name();
        }
    }

    record NamedPortSetRef(String name, String origin, Protocol protocol, String portName, boolean ingress,
                           boolean withHostNetwork) implements SetRef {
        NamedPortSetRef(String name, String origin, Protocol protocol, String portName, boolean ingress) {
            this(name, origin, protocol, portName, ingress, false);
        }
    }

    /** The addresses of the nodes a ClusterNetworkPolicy {@code nodes} peer selects. */
    record NodeSetRef(String name, String origin, LabelSelector nodeSelector) implements SetRef {
    }

    private record PodChain(PodInfo pod, List<String> jumps, ChainSpec chain) {
    }

    private final Tracked<String, PolicyChainPlan> plans = new Tracked<>();
    private final Tracked<String, ClusterChainPlan> clusterPlans = new Tracked<>();
    private final Tracked<String, PodChain> podChains = new Tracked<>();
    private final Tracked<String, String> names = new Tracked<>();

    PolicyChainPlan policyChainPlan(IpFamily family, Policy policy, String chainName, Supplier<PolicyChainPlan> plan) {
        String key = family.name() + chainName;
        PolicyChainPlan p = plans.get(key);
        if (p == null || p.policy() != policy) {
            p = plan.get();
            plans.put(key, p);
        }
        return p;
    }

    ClusterChainPlan clusterChainPlan(IpFamily family, ClusterNetworkPolicy policy, String chainName,
                                      Supplier<ClusterChainPlan> plan) {
        String key = family.name() + chainName;
        ClusterChainPlan p = clusterPlans.get(key);
        if (p == null || p.policy() != policy) {
            p = plan.get();
            clusterPlans.put(key, p);
        }
        return p;
    }

    String clusterChainName(ClusterNetworkPolicy policy, Direction direction) {
        String key = (direction == Direction.INGRESS ? "ci|" : "ce|") + policy.name();
        String n = names.get(key);
        if (n == null) {
            n = RulesetNames.clusterPolicyChain(policy.name(), direction);
            names.put(key, n);
        }
        return n;
    }

    /** A pod's chain, rebuilt when the pod object or the policy chains it jumps to changed. */
    ChainSpec podChain(IpFamily family, String chainName, PodInfo pod, List<String> jumps, Supplier<ChainSpec> chain) {
        String key = family.name() + chainName;
        PodChain c = podChains.get(key);
        if (c == null || c.pod() != pod || !c.jumps().equals(jumps)) {
            c = new PodChain(pod, List.copyOf(jumps), chain.get());
            podChains.put(key, c);
        }
        return c.chain();
    }

    String podChainName(PodInfo pod, Direction direction) {
        String key = (direction == Direction.INGRESS ? "pi|" : "pe|") + pod.key();
        String n = names.get(key);
        if (n == null) {
            n = direction == Direction.INGRESS ? RulesetNames.podIngressChain(pod) : RulesetNames.podEgressChain(pod);
            names.put(key, n);
        }
        return n;
    }

    String policyChainName(Policy policy, Direction direction) {
        String key = (direction == Direction.INGRESS ? "ri|" : "re|") + policy.key();
        String n = names.get(key);
        if (n == null) {
            n = RulesetNames.policyChain(policy, direction);
            names.put(key, n);
        }
        return n;
    }

    /** Forgets every entry the compiles since the last sweep did not use (deleted pods and policies). */
    void sweep() {
        plans.sweep();
        clusterPlans.sweep();
        podChains.sweep();
        names.sweep();
    }

    /** A map that remembers which keys were used since the last sweep. */
    private static final class Tracked<K, V> {
        private final Map<K, V> map = new HashMap<>();
        private final Set<K> used = new HashSet<>();

        V get(K key) {
            V v = map.get(key);
            if (v != null) {
                used.add(key);
            }
            return v;
        }

        void put(K key, V value) {
            map.put(key, value);
            used.add(key);
        }

        void sweep() {
            map.keySet().retainAll(used);
            used.clear();
        }
    }
}
