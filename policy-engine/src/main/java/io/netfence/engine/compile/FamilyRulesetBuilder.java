package io.netfence.engine.compile;

import com.google.common.net.InetAddresses;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.SelectorPeer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds one address family's chains and sets for one node (see docs/dataplane.md for the layout). */
final class FamilyRulesetBuilder {

    static final String TYPE_IP = "hash:ip";
    static final String TYPE_NET = "hash:net";
    static final String TYPE_IP_PORT = "hash:ip,port";
    private static final int MAX_COMMENT = 240;
    /** Router solicitation/advertisement, neighbour solicitation/advertisement. */
    static final int[] NDP_TYPES = {133, 134, 135, 136};

    private final IpFamily family;
    private final CompilerOptions options;
    private final PeerIndex index;
    private final CompileMemo memo;
    private final String nodeName;
    private final String allowTarget;
    private final Map<String, IpSetSpec> sets = new TreeMap<>();
    private final Map<String, ChainSpec> podChains = new TreeMap<>();
    private final Map<String, ChainSpec> policyChains = new TreeMap<>();
    private final Map<String, ChainSpec> stagedChains = new TreeMap<>();
    private final Map<String, Optional<String>> policyChainCache = new HashMap<>();
    private final List<PodInfo> localPods;
    private final Map<String, String> origins = new HashMap<>();

    FamilyRulesetBuilder(IpFamily family, CompilerOptions options, PeerIndex index, String nodeName, List<PodInfo> localPods,
                         CompileMemo memo) {
        this.family = family;
        this.memo = memo;
        this.options = options;
        this.index = index;
        this.nodeName = nodeName;
        this.localPods = localPods;
        this.allowTarget = "-j MARK --set-xmark " + options.markMatch();
    }

    List<IpSetSpec> sets() {
        return List.copyOf(sets.values());
    }

    /** chain or set name → what it is for. */
    Map<String, String> origins() {
        return origins;
    }

    /**
     * @param ingress policies isolating each local pod for ingress (pods without any are absent)
     * @param egress  policies isolating each local pod for egress
     */
    List<ChainSpec> build(NodeInfo node, Map<PodInfo, List<Policy>> ingress, Map<PodInfo, List<Policy>> egress) {
        return build(node, ingress, egress, Map.of(), Map.of());
    }

    /**
     * @param clusterIngress ClusterNetworkPolicies (evaluation order) whose subject is the local pod and which have
     *                       ingress rules (pods without any absent)
     * @param clusterEgress  the same for egress
     */
    List<ChainSpec> build(NodeInfo node, Map<PodInfo, List<Policy>> ingress, Map<PodInfo, List<Policy>> egress,
                          Map<PodInfo, List<ClusterNetworkPolicy>> clusterIngress,
                          Map<PodInfo, List<ClusterNetworkPolicy>> clusterEgress) {
        return build(node, ingress, egress, clusterIngress, clusterEgress, StagedSelection.NONE);
    }

    /** @param staged the staged policies isolating each local pod: counting chains only, never a verdict */
    List<ChainSpec> build(NodeInfo node, Map<PodInfo, List<Policy>> ingress, Map<PodInfo, List<Policy>> egress,
                          Map<PodInfo, List<ClusterNetworkPolicy>> clusterIngress,
                          Map<PodInfo, List<ClusterNetworkPolicy>> clusterEgress, StagedSelection staged) {
        String nodeSet = RulesetNames.nodeAddressSet(family, nodeName);
        sets.put(nodeSet, new IpSetSpec(nodeSet, TYPE_IP, family, nodeAddresses(node)));
        origins.put(nodeSet, "addresses of node " + nodeName + " (always allowed to its pods)");
        origins.put(NodeRulesetCompiler.FORWARD_CHAIN, "from FORWARD: pod to pod, outside to local pod, local pod to outside");
        origins.put(NodeRulesetCompiler.INPUT_CHAIN, "from INPUT: local pod to this node");
        origins.put(NodeRulesetCompiler.OUTPUT_CHAIN, "from OUTPUT: this node to local pod");
        origins.put(NodeRulesetCompiler.REJECT_CHAIN, "rejects denied new connections");
        String established = "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN";
        String fromNode = "-m set --match-set " + nodeSet + " src -j RETURN";

        List<String> forward = new ArrayList<>(List.of(established));
        List<String> input = new ArrayList<>(List.of(established));
        List<String> output = new ArrayList<>(List.of(established));
        if (family == IpFamily.IPV6) {
            // Neighbour and router discovery are ICMPv6 (no ARP): with br_netfilter they cross these chains, are
            // never ESTABLISHED, and judging them would cut isolated pods off their neighbours and gateway.
            for (int type : NDP_TYPES) {
                String rule = "-p ipv6-icmp -m icmp6 --icmpv6-type " + type + " -j RETURN";
                forward.add(rule);
                input.add(rule);
                output.add(rule);
            }
        }
        // Everything in OUTPUT comes from this node, but IPVS sends pod → service → local pod packets through OUTPUT
        // with the client pod's source: only those are judged. The kernel knows all the node's addresses, also ones
        // its Node object does not list (NodeLocal DNSCache's 169.254.20.10, a second NIC).
        output.add("-m addrtype --src-type LOCAL -j RETURN");
        List<DispatchTree.Entry> egressJumps = new ArrayList<>();
        List<DispatchTree.Entry> ingressJumps = new ArrayList<>();
        for (PodInfo pod : localPods) {
            List<String> ips = ipsOf(pod);
            if (ips.isEmpty()) {
                continue;
            }
            String eg = podChain(pod, egress.get(pod), clusterEgress.get(pod), Direction.EGRESS);
            if (eg != null) {
                for (String ip : ips) {
                    egressJumps.add(new DispatchTree.Entry(ip, "-s " + ip + "/" + family.hostBits() + " -j " + eg));
                }
            }
            String in = podChain(pod, ingress.get(pod), clusterIngress.get(pod), Direction.INGRESS);
            if (in != null) {
                for (String ip : ips) {
                    ingressJumps.add(new DispatchTree.Entry(ip, "-d " + ip + "/" + family.hostBits() + " -j " + in));
                }
            }
        }
        DispatchTree.Result egressDispatch = DispatchTree.build(family, Direction.EGRESS, egressJumps, options.dispatchBucket());
        DispatchTree.Result ingressDispatch = DispatchTree.build(family, Direction.INGRESS, ingressJumps, options.dispatchBucket());
        forward.addAll(egressDispatch.topLevel());
        input.addAll(egressDispatch.topLevel());
        // Egress of the source is judged before ingress of the destination; same-node traffic passes both.
        forward.add(fromNode);
        forward.addAll(ingressDispatch.topLevel());
        output.addAll(ingressDispatch.topLevel());
        origins.putAll(egressDispatch.origins());
        origins.putAll(ingressDispatch.origins());
        if (!staged.isEmpty()) {
            stagedDispatch(staged, ingress, egress, clusterIngress, clusterEgress, forward, input, output);
        }
        if (options.flows()) {
            logAllowedFlows(forward, input, output);
        }

        List<ChainSpec> chains = new ArrayList<>();
        chains.add(new ChainSpec(NodeRulesetCompiler.FORWARD_CHAIN, forward));
        chains.add(new ChainSpec(NodeRulesetCompiler.INPUT_CHAIN, input));
        chains.add(new ChainSpec(NodeRulesetCompiler.OUTPUT_CHAIN, output));
        chains.add(rejectChain());
        TreeMap<String, ChainSpec> dispatch = new TreeMap<>();
        egressDispatch.chains().forEach(c -> dispatch.put(c.name(), c));
        ingressDispatch.chains().forEach(c -> dispatch.put(c.name(), c));
        chains.addAll(dispatch.values());
        chains.addAll(podChains.values());
        chains.addAll(policyChains.values());
        chains.addAll(stagedChains.values());
        return chains;
    }

    /**
     * A NEW packet reaching this point was allowed by every pod chain of this node that judged it. For each local pod a
     * staged policy isolates it jumps to the pod's staged chain, which only marks, counts, logs and returns.
     */
    private void stagedDispatch(StagedSelection staged, Map<PodInfo, List<Policy>> ingress, Map<PodInfo, List<Policy>> egress,
                                Map<PodInfo, List<ClusterNetworkPolicy>> clusterIngress,
                                Map<PodInfo, List<ClusterNetworkPolicy>> clusterEgress,
                                List<String> forward, List<String> input, List<String> output) {
        List<String> toPods = new ArrayList<>();
        String fresh = " -m conntrack --ctstate NEW -j ";
        for (PodInfo pod : localPods) {
            List<String> ips = ipsOf(pod);
            if (ips.isEmpty()) {
                continue;
            }
            String se = stagedPodChain(pod, staged.egress().get(pod), staged.clusterEgress().get(pod), egress.get(pod),
                    clusterEgress.get(pod), Direction.EGRESS);
            if (se != null) {
                for (String ip : ips) {
                    forward.add("-s " + ip + "/" + family.hostBits() + fresh + se);
                    input.add("-s " + ip + "/" + family.hostBits() + fresh + se);
                }
            }
            String si = stagedPodChain(pod, staged.ingress().get(pod), staged.clusterIngress().get(pod), ingress.get(pod),
                    clusterIngress.get(pod), Direction.INGRESS);
            if (si != null) {
                for (String ip : ips) {
                    toPods.add("-d " + ip + "/" + family.hostBits() + fresh + si);
                }
            }
        }
        forward.addAll(toPods);
        output.addAll(toPods);
    }

    /**
     * The pod's staged chain for one direction: the staged world's verdict for a connection this node allows today, in
     * marks, never a drop. Admin tier: the enforced and staged Admin policies in evaluation order (enforced first at an
     * exact tie); an enforced chain cannot drop here (its rules are evaluated as today until a staged rule decided, and
     * today none dropped), a staged one's Deny jumps to its would-deny counter, which sets both bits. Then, for a pod
     * some enforced or staged policy isolates, the allow bit from every enforced and staged policy (NetworkPolicy's union)
     * and, without it, each staged policy isolating the pod counts; otherwise the Baseline tier, enforced policies in
     * their counting form (Deny marks, never drops). It never drops, rejects or accepts, and leaves both bits clear.
     * Null when nothing staged takes part.
     */
    private String stagedPodChain(PodInfo pod, List<Policy> staged, List<ClusterNetworkPolicy> stagedClusterPolicies,
                                  List<Policy> enforced, List<ClusterNetworkPolicy> clusterPolicies, Direction direction) {
        if (staged == null && stagedClusterPolicies == null) {
            return null;
        }
        boolean isolated = staged != null || enforced != null;
        List<TieredPolicy> tiered = new ArrayList<>();
        for (TieredPolicy t : merged(clusterPolicies, stagedClusterPolicies)) {
            if (t.policy().tier() == ClusterPolicyTier.ADMIN || !isolated) { // an isolated side never reaches Baseline
                tiered.add(t);
            }
        }
        // The staged cluster chains first: without any (and without staged NetworkPolicies) nothing is registered.
        Map<ClusterNetworkPolicy, String> stagedClusterChains = new java.util.IdentityHashMap<>();
        for (TieredPolicy t : tiered) {
            if (t.staged()) {
                stagedClusterChain(t.policy(), direction).ifPresent(c -> stagedClusterChains.put(t.policy(), c));
            }
        }
        if (staged == null && stagedClusterChains.isEmpty()) {
            return null;
        }
        List<String> admin = new ArrayList<>();
        List<String> baseline = new ArrayList<>();
        for (TieredPolicy t : tiered) {
            boolean adminTier = t.policy().tier() == ClusterPolicyTier.ADMIN;
            Optional<String> chain = t.staged() ? Optional.ofNullable(stagedClusterChains.get(t.policy()))
                    : adminTier ? clusterChain(t.policy(), direction) : stagedEvaluationChain(t.policy(), direction);
            chain.ifPresent(adminTier ? admin::add : baseline::add);
        }
        List<String> allows = new ArrayList<>();
        List<String> counters = new ArrayList<>();
        if (isolated) {
            if (enforced != null) {
                for (Policy policy : enforced) {
                    policyChain(policy, direction).ifPresent(allows::add);
                }
            }
            if (staged != null) {
                for (Policy policy : staged) {
                    stagedRuleChain(policy, direction).ifPresent(allows::add);
                }
                for (Policy policy : staged) {
                    counters.add(stagedWouldDenyChain(policy, direction));
                }
            }
        }
        boolean tiers = !admin.isEmpty() || !baseline.isEmpty();
        String name = RulesetNames.stagedPodChain(pod, direction);
        List<String> key = new ArrayList<>(admin);
        key.addAll(allows);
        key.add(tiers ? "|tiers" : "|np");
        key.addAll(counters);
        key.add("|baseline");
        key.addAll(baseline);
        podChains.put(name, memo.podChain(family, name, pod, key, () -> {
            List<String> rules = new ArrayList<>();
            String clear = "-j MARK --set-xmark " + (tiers ? options.clearBoth() : options.markClear());
            rules.add(clear);
            admin.forEach(c -> rules.add("-j " + c));
            allows.forEach(c -> rules.add("-j " + c));
            counters.forEach(c -> rules.add("-m mark ! --mark " + options.markMatch() + " -j " + c));
            if (!baseline.isEmpty()) {
                if (!admin.isEmpty()) {
                    rules.add("-j MARK --set-xmark " + options.tierClear()); // an Admin Pass ends with the Admin tier
                }
                baseline.forEach(c -> rules.add("-j " + c));
            }
            rules.add(clear);
            return new ChainSpec(name, rules);
        }));
        origins.put(name, "staged " + (direction == Direction.INGRESS ? "ingress" : "egress") + " of pod " + pod.key()
                + " (counts what staged policies would deny; never drops)");
        return name;
    }

    private record TieredPolicy(ClusterNetworkPolicy policy, boolean staged) {
    }

    /** Enforced and staged cluster policies in evaluation order; at an exact tie the enforced one first (stable sort). */
    private static List<TieredPolicy> merged(List<ClusterNetworkPolicy> enforced, List<ClusterNetworkPolicy> staged) {
        List<TieredPolicy> all = new ArrayList<>();
        if (enforced != null) {
            enforced.forEach(p -> all.add(new TieredPolicy(p, false)));
        }
        if (staged != null) {
            staged.forEach(p -> all.add(new TieredPolicy(p, true)));
        }
        all.sort(java.util.Comparator.comparing(TieredPolicy::policy, ClusterNetworkPolicy.EVALUATION_ORDER));
        return all;
    }

    /** A staged ClusterNetworkPolicy's rules in counting form; empty when none of them can match in this family. */
    private Optional<String> stagedClusterChain(ClusterNetworkPolicy cnp, Direction direction) {
        String name = RulesetNames.stagedClusterChain(cnp.name(), direction);
        Optional<String> chain = countingClusterChain(cnp, direction, name, ClusterChainForm.STAGED);
        chain.ifPresent(c -> {
            String counter = RulesetNames.stagedClusterWouldDenyChain(cnp.name(), direction);
            if (!stagedChains.containsKey(counter)
                    && stagedChains.get(c).rules().stream().anyMatch(r -> r.endsWith("-j " + counter))) {
                List<String> rules = new ArrayList<>();
                rules.add("-m comment --comment \"" + DropCounters.stagedClusterWouldDenyComment(direction, cnp.name()) + "\"");
                if (options.flows()) {
                    rules.add(options.flowLog().rule(List.of(), FlowLogOptions.WOULD_DENY, counter));
                }
                rules.add("-j MARK --set-xmark " + options.bothSet()); // a Deny decided: both bits, every later rule skipped
                stagedChains.put(counter, new ChainSpec(counter, rules));
                origins.put(counter, "would-deny " + (direction == Direction.INGRESS ? "ingress" : "egress")
                        + " of staged ClusterNetworkPolicy " + cnp.name() + " (counts, never drops)");
            }
        });
        return chain;
    }

    /** An enforced Baseline policy in counting form for staged chains (its Deny marks both bits instead of dropping). */
    private Optional<String> stagedEvaluationChain(ClusterNetworkPolicy cnp, Direction direction) {
        return countingClusterChain(cnp, direction, RulesetNames.stagedEvaluationChain(cnp.name(), direction),
                ClusterChainForm.EVALUATION);
    }

    private Optional<String> countingClusterChain(ClusterNetworkPolicy cnp, Direction direction, String name, ClusterChainForm form) {
        CompileMemo.ClusterChainPlan plan = memo.clusterChainPlan(family, cnp, name, () -> clusterChainPlan(cnp, direction, name, form));
        if (plan.chain() == null) {
            return Optional.empty();
        }
        if (!stagedChains.containsKey(name)) {
            stagedChains.put(name, plan.chain());
            origins.put(name, plan.origin());
            registerSets(plan.sets());
        }
        return Optional.of(name);
    }

    /** The allow rules of one direction of a staged policy, as for an enforced one; empty when it allows nothing here. */
    private Optional<String> stagedRuleChain(Policy staged, Direction direction) {
        String name = RulesetNames.stagedRuleChain(staged, direction);
        return policyChainCache.computeIfAbsent(name, n -> {
            CompileMemo.PolicyChainPlan plan = memo.policyChainPlan(family, staged, n,
                    () -> planPolicyChain(staged, direction, n, "staged policy "));
            registerSets(plan.sets());
            if (plan.chain() == null) {
                return Optional.empty();
            }
            stagedChains.put(n, plan.chain());
            origins.put(n, plan.origin());
            return Optional.of(n);
        });
    }

    /** Counts (the rule's counters, per staged policy and direction) and, with flow observation, logs a would-deny. */
    private String stagedWouldDenyChain(Policy staged, Direction direction) {
        String name = RulesetNames.stagedWouldDenyChain(staged, direction);
        if (!stagedChains.containsKey(name)) {
            List<String> rules = new ArrayList<>();
            rules.add("-m comment --comment \"" + DropCounters.stagedWouldDenyComment(direction, staged.key()) + "\"");
            if (options.flows()) {
                rules.add(options.flowLog().rule(List.of(), FlowLogOptions.WOULD_DENY, name));
            }
            stagedChains.put(name, new ChainSpec(name, rules));
            origins.put(name, "would-deny " + (direction == Direction.INGRESS ? "ingress" : "egress")
                    + " of staged policy " + staged.key() + " (counts, never drops)");
        }
        return name;
    }

    private void registerSets(List<CompileMemo.SetRef> refs) {
        for (CompileMemo.SetRef ref : refs) {
            if (!sets.containsKey(ref.name())) {
                sets.put(ref.name(), resolve(ref));
                origins.put(ref.name(), ref.origin());
            }
        }
    }

    /**
     * A NEW packet that reaches the end of a top-level chain was allowed by every pod chain that judged it (a denied
     * one was rejected or dropped on the way), so each allowed connection to or from a local pod is logged exactly
     * once per node, isolated pod or not.
     */
    private void logAllowedFlows(List<String> forward, List<String> input, List<String> output) {
        FlowLogOptions flows = options.flowLog();
        String localSet = RulesetNames.localPodSet(family, nodeName);
        List<String> entries = new ArrayList<>();
        for (PodInfo pod : localPods) {
            entries.addAll(ipsOf(pod));
        }
        sets.put(localSet, new IpSetSpec(localSet, TYPE_IP, family, PeerIndex.sortedUnique(entries)));
        origins.put(localSet, "pods of node " + nodeName + " (flow observation)");
        String fromLocal = "-m set --match-set " + localSet + " src";
        String toLocal = "-m set --match-set " + localSet + " dst";
        String fw = NodeRulesetCompiler.FORWARD_CHAIN;
        forward.add(flows.rule(List.of(fromLocal), FlowLogOptions.ALLOW, fw));
        forward.add(flows.rule(List.of("-m set ! --match-set " + localSet + " src", toLocal), FlowLogOptions.ALLOW, fw));
        input.add(flows.rule(List.of(fromLocal), FlowLogOptions.ALLOW, NodeRulesetCompiler.INPUT_CHAIN));
        output.add(flows.rule(List.of(toLocal), FlowLogOptions.ALLOW, NodeRulesetCompiler.OUTPUT_CHAIN));
    }

    /** With flow observation: the NFLOG rule right before a pod's drop rule, matching what it is about to reject. */
    private void logDeniedFlow(List<String> rules, String chain) {
        if (options.flows()) {
            rules.add(options.flowLog().rule(List.of("-m mark ! --mark " + options.markMatch()), FlowLogOptions.DENY, chain));
        }
    }

    private ChainSpec rejectChain() {
        List<String> rules = new ArrayList<>();
        if (options.nflog()) {
            rules.add("-m limit --limit " + limitRate(options.nflogPerMinute()) + " --limit-burst " + options.nflogPerMinute()
                    + " -j NFLOG --nflog-prefix \"netfence drop\" --nflog-group " + options.nflogGroup());
        }
        // A denied INVALID packet may belong to a live connection (an out-of-window retransmit): answering it with a
        // reset would kill that connection, so it is dropped silently (as kube-proxy drops INVALID in FORWARD).
        rules.add("-m conntrack --ctstate INVALID -j DROP");
        rules.add("-p tcp -j REJECT --reject-with tcp-reset");
        rules.add("-j REJECT --reject-with " + family.rejectWith());
        return new ChainSpec(NodeRulesetCompiler.REJECT_CHAIN, rules);
    }

    /**
     * A per-minute rate as iptables-save prints it (libxt_limit picks the largest exact unit): 60/min is {@code 1/sec},
     * 30/min stays {@code 30/min}. Written otherwise, every drift check would see the rule as changed.
     */
    static String limitRate(int perMinute) {
        return perMinute % 60 == 0 ? perMinute / 60 + "/sec" : perMinute + "/min";
    }

    /**
     * The pod's chain for one direction (registered with its origin), or null when nothing judges this direction of
     * the pod in this family. Without ClusterNetworkPolicy chains the layout is NetworkPolicy's alone.
     */
    private String podChain(PodInfo pod, List<Policy> policies, List<ClusterNetworkPolicy> clusterPolicies, Direction direction) {
        List<String> admin = new ArrayList<>();
        List<String> baseline = new ArrayList<>();
        if (clusterPolicies != null) {
            for (ClusterNetworkPolicy cnp : clusterPolicies) {
                if (cnp.tier() == ClusterPolicyTier.BASELINE && policies != null) {
                    continue; // a pod a NetworkPolicy isolates never reaches the Baseline tier
                }
                clusterChain(cnp, direction).ifPresent(cnp.tier() == ClusterPolicyTier.ADMIN ? admin::add : baseline::add);
            }
        }
        if (policies == null && admin.isEmpty() && baseline.isEmpty()) {
            return null;
        }
        String name = memo.podChainName(pod, direction);
        ChainSpec chain = admin.isEmpty() && baseline.isEmpty() ? podChain(name, pod, policies, direction)
                : tieredPodChain(name, pod, admin, policies, baseline, direction);
        podChains.put(name, chain);
        origins.put(name, (direction == Direction.INGRESS ? "ingress" : "egress") + " of pod " + pod.key());
        return name;
    }

    /**
     * Admin tier, then NetworkPolicy (when it isolates the pod: its drop rule) or else the Baseline tier. Accept sets
     * the allow bit, Pass the tier bit; every ClusterNetworkPolicy rule only matches while both are clear, so the
     * first matching rule decides. A Deny drops in the policy's own chain.
     */
    private ChainSpec tieredPodChain(String name, PodInfo pod, List<String> admin, List<Policy> policies, List<String> baseline,
                                     Direction direction) {
        List<String> policyJumps = new ArrayList<>();
        if (policies != null) {
            for (Policy policy : policies) {
                policyChain(policy, direction).ifPresent(policyJumps::add);
            }
        }
        // The memo's key: the same jumps can mean another layout (isolated by a deny-all NetworkPolicy or not).
        List<String> key = new ArrayList<>();
        key.add("|admin");
        key.addAll(admin);
        key.add(policies != null ? "|isolated" : "|baseline");
        key.addAll(policyJumps);
        key.addAll(baseline);
        return memo.podChain(family, name, pod, key, () -> {
            List<String> rules = new ArrayList<>();
            String clearBoth = "-j MARK --set-xmark " + options.clearBoth();
            rules.add(clearBoth);
            admin.forEach(c -> rules.add("-j " + c));
            if (policies != null) {
                policyJumps.forEach(c -> rules.add("-j " + c));
                logDeniedFlow(rules, name);
                rules.add(dropRule(pod, direction));
            } else {
                if (!admin.isEmpty() && !baseline.isEmpty()) {
                    rules.add("-j MARK --set-xmark " + options.tierClear()); // an Admin Pass ends with the Admin tier
                }
                baseline.forEach(c -> rules.add("-j " + c));
            }
            rules.add(clearBoth);
            return new ChainSpec(name, rules);
        });
    }

    private String dropRule(PodInfo pod, Direction direction) {
        String comment = DropCounters.comment(direction, pod.key());
        if (comment.length() > MAX_COMMENT) {
            comment = comment.substring(0, MAX_COMMENT);
        }
        return "-m mark ! --mark " + options.markMatch() + " -m comment --comment \"" + comment + "\" -j "
                + NodeRulesetCompiler.REJECT_CHAIN;
    }

    /** The chain of one direction of a ClusterNetworkPolicy; empty when none of its rules can match in this family. */
    private Optional<String> clusterChain(ClusterNetworkPolicy cnp, Direction direction) {
        String name = memo.clusterChainName(cnp, direction);
        CompileMemo.ClusterChainPlan plan = memo.clusterChainPlan(family, cnp, name,
                () -> clusterChainPlan(cnp, direction, name, ClusterChainForm.ENFORCED));
        if (plan.chain() == null) {
            return Optional.empty();
        }
        if (!policyChains.containsKey(name)) {
            policyChains.put(name, plan.chain());
            origins.put(name, plan.origin());
            for (CompileMemo.SetRef ref : plan.sets()) {
                if (!sets.containsKey(ref.name())) {
                    sets.put(ref.name(), resolve(ref));
                    origins.put(ref.name(), ref.origin());
                }
            }
        }
        return Optional.of(name);
    }

    /**
     * How a ClusterNetworkPolicy's rules compile: enforced (Deny drops), staged (a staged policy's Deny jumps to its
     * would-deny counter) or evaluation (an enforced policy inside a staged chain: Deny sets both bits).
     */
    private enum ClusterChainForm { ENFORCED, STAGED, EVALUATION }

    private CompileMemo.ClusterChainPlan clusterChainPlan(ClusterNetworkPolicy cnp, Direction direction, String name,
                                                          ClusterChainForm form) {
        List<CompileMemo.SetRef> refs = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        String guard = "-m mark --mark " + options.undecidedMatch();
        String dir = direction == Direction.INGRESS ? "src" : "dst";
        boolean domainNames = false;
        for (ClusterPolicyRule rule : cnp.rules(direction)) {
            String target = switch (rule.action()) {
                case ACCEPT -> allowTarget;
                case PASS -> "-j MARK --set-xmark " + options.tierSet();
                case DENY -> switch (form) {
                    case ENFORCED -> "-m comment --comment \"" + DropCounters.clusterDenyComment(direction, cnp.name()) + "\" -j DROP";
                    case STAGED -> "-j " + RulesetNames.stagedClusterWouldDenyChain(cnp.name(), direction);
                    case EVALUATION -> "-j MARK --set-xmark " + options.bothSet();
                };
            };
            // With flow observation each Deny rule has an NFLOG twin right before it (same matches, NEW only, limited).
            String denyLog = rule.action() == ClusterPolicyAction.DENY && options.flows() && form == ClusterChainForm.ENFORCED
                    ? options.flowLog().rule(List.of(), FlowLogOptions.DENY, name) : null;
            if (rule.peers().stream().anyMatch(p -> p instanceof ClusterPolicyPeer.Unknown)) {
                // The API's fail closed: an Accept matches nothing, a Deny or Pass every connection.
                if (rule.action() != ClusterPolicyAction.ACCEPT) {
                    if (denyLog != null) {
                        rules.add(PortMatch.ANY.rule(guard, denyLog));
                    }
                    rules.add(PortMatch.ANY.rule(guard, target));
                }
                continue;
            }
            List<String> peers = new ArrayList<>();
            for (ClusterPolicyPeer peer : rule.peers()) {
                CompileMemo.SetRef set = null;
                if (peer instanceof ClusterPolicyPeer.Pods pods) {
                    set = selectorSet(new SelectorPeer(pods.podSelector(), pods.namespaceSelector()), "");
                } else if (peer instanceof ClusterPolicyPeer.Networks nets) {
                    set = networksSet(nets);
                } else if (peer instanceof ClusterPolicyPeer.Nodes nodes) {
                    set = nodesSet(nodes);
                } else if (peer instanceof ClusterPolicyPeer.DomainNames) {
                    domainNames = true;
                }
                if (set != null) {
                    refs.add(set);
                    peers.add(guard + " -m set --match-set " + set.name() + " " + dir);
                }
            }
            List<PortMatch> ports = clusterPortMatches(rule, direction, refs);
            for (String peer : peers) {
                for (PortMatch port : ports) {
                    if (denyLog != null) {
                        rules.add(port.rule(peer, denyLog));
                    }
                    rules.add(port.rule(peer, target));
                }
            }
        }
        ChainSpec chain = rules.isEmpty() ? null : new ChainSpec(name, dedupe(rules));
        String origin = (direction == Direction.INGRESS ? "ingress" : "egress") + " rules of " + switch (form) {
            case ENFORCED -> "ClusterNetworkPolicy " + cnp.describe() + " (Accept marks allowed, Pass marks the tier done, Deny drops)";
            case STAGED -> "staged ClusterNetworkPolicy " + cnp.describe() + " (counts what its Deny rules would deny, never drops)";
            case EVALUATION -> "ClusterNetworkPolicy " + cnp.describe() + " as staged chains evaluate it (Deny marks, never drops)";
        }
                + (domainNames ? "; its domainNames peers are not enforced (no DNS interception): they compile to nothing" : "");
        return new CompileMemo.ClusterChainPlan(cnp, chain, origin, List.copyOf(refs));
    }

    private List<PortMatch> clusterPortMatches(ClusterPolicyRule rule, Direction direction, List<CompileMemo.SetRef> refs) {
        if (rule.allPorts()) {
            return List.of(PortMatch.ANY);
        }
        List<PortMatch> out = new ArrayList<>();
        for (ClusterPolicyPort port : rule.ports()) {
            if (port.isNamed()) {
                // Resolved per destination pod among its container ports of the connection's protocol: one set per protocol.
                for (Protocol protocol : Protocol.values()) {
                    CompileMemo.SetRef set = clusterNamedPortSet(protocol, port.namedPort(), direction);
                    refs.add(set);
                    out.add(PortMatch.namedSet(protocol, set.name()));
                }
            } else {
                out.add(PortMatch.range(port.protocol(), port.start(), port.end()));
            }
        }
        return out;
    }

    /**
     * Ingress: as for NetworkPolicy (the destination is a local subject pod). Egress: every live pod of the cluster,
     * host-network pods included (at their node's address): a ClusterNetworkPolicy resolves the name on whatever pod
     * the destination is.
     */
    private CompileMemo.SetRef clusterNamedPortSet(Protocol protocol, String portName, Direction direction) {
        if (direction == Direction.INGRESS) {
            return namedPortSet(new PortSpec(protocol, null, portName, null), direction);
        }
        String name = RulesetNames.namedPortSet(family, "cluster+hostNetwork", protocol.kernelName(), portName);
        return new CompileMemo.NamedPortSetRef(name, "named port " + protocol.kernelName() + "/" + portName
                + " of every pod, host-network pods included", protocol, portName, false, true);
    }

    /** hash:net of the peer's CIDRs of this family; null when it has none. */
    private CompileMemo.SetRef networksSet(ClusterPolicyPeer.Networks nets) {
        TreeSet<String> entries = new TreeSet<>();
        List<String> canonical = new ArrayList<>();
        for (Cidr c : nets.cidrs()) {
            if (c.isIpv4() == (family == IpFamily.IPV4)) {
                entries.addAll(netEntries(c, ""));
                canonical.add(c.toString());
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        String name = RulesetNames.ipBlockSet(family, "networks " + String.join(",", new TreeSet<>(canonical)));
        return new CompileMemo.FixedSetRef(new IpSetSpec(name, TYPE_NET, family, List.copyOf(entries)), "peer " + nets.describe());
    }

    private CompileMemo.SetRef nodesSet(ClusterPolicyPeer.Nodes nodes) {
        return new CompileMemo.NodeSetRef(RulesetNames.nodeSelectorSet(family, nodes.nodeSelector()),
                "addresses of the nodes " + nodes.nodeSelector().describe(), nodes.nodeSelector());
    }

    /**
     * Clears the allow bit, lets every policy chain set it, rejects (and counts, on the one rule per pod and
     * direction) when none did, and clears the bit again so allowed packets leave unmarked.
     */
    private ChainSpec podChain(String name, PodInfo pod, List<Policy> policies, Direction direction) {
        List<String> jumps = new ArrayList<>(policies.size());
        for (Policy policy : policies) {
            policyChain(policy, direction).ifPresent(jumps::add);
        }
        return memo.podChain(family, name, pod, jumps, () -> podChainRules(name, pod, jumps, direction));
    }

    private ChainSpec podChainRules(String name, PodInfo pod, List<String> jumps, Direction direction) {
        List<String> rules = new ArrayList<>();
        String clear = "-j MARK --set-xmark " + options.markClear();
        rules.add(clear);
        for (String chain : jumps) {
            rules.add("-j " + chain);
        }
        logDeniedFlow(rules, name);
        String comment = DropCounters.comment(direction, pod.key());
        if (comment.length() > MAX_COMMENT) {
            comment = comment.substring(0, MAX_COMMENT);
        }
        rules.add("-m mark ! --mark " + options.markMatch() + " -m comment --comment \"" + comment + "\" -j "
                + NodeRulesetCompiler.REJECT_CHAIN);
        rules.add(clear);
        return new ChainSpec(name, rules);
    }

    /** The chain marking what one direction of {@code policy} allows; empty when it allows nothing in this family. */
    private Optional<String> policyChain(Policy policy, Direction direction) {
        String name = memo.policyChainName(policy, direction);
        return policyChainCache.computeIfAbsent(name, n -> {
            CompileMemo.PolicyChainPlan plan = memo.policyChainPlan(family, policy, n, () -> planPolicyChain(policy, direction, n, "policy "));
            for (CompileMemo.SetRef ref : plan.sets()) {
                if (!sets.containsKey(ref.name())) {
                    sets.put(ref.name(), resolve(ref));
                    origins.put(ref.name(), ref.origin());
                }
            }
            if (plan.chain() == null) {
                return Optional.empty();
            }
            policyChains.put(n, plan.chain());
            origins.put(n, plan.origin());
            return Optional.of(n);
        });
    }

    /** The policy's chain in this family and the sets it references; depends on the policy (and node) only. */
    private CompileMemo.PolicyChainPlan planPolicyChain(Policy policy, Direction direction, String name, String kind) {
        List<CompileMemo.SetRef> refs = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        for (PolicyRule rule : policy.rules(direction)) {
            List<String> peers = peerMatches(policy, rule, direction, refs);
            List<PortMatch> ports = portMatches(rule, direction, refs);
            for (String peer : peers) {
                for (PortMatch port : ports) {
                    rules.add(port.rule(peer, allowTarget));
                }
            }
        }
        ChainSpec chain = rules.isEmpty() ? null : new ChainSpec(name, dedupe(rules));
        String origin = (direction == Direction.INGRESS ? "ingress" : "egress") + " rules of " + kind + policy.key();
        return new CompileMemo.PolicyChainPlan(policy, chain, origin, List.copyOf(refs));
    }

    /** The set with its members as the cluster is now. */
    private IpSetSpec resolve(CompileMemo.SetRef ref) {
        if (ref instanceof CompileMemo.FixedSetRef f) {
            return f.set();
        }
        if (ref instanceof CompileMemo.NodeSetRef n) {
            return new IpSetSpec(n.name(), TYPE_IP, family, index.nodeSelectorEntries(family, n.nodeSelector()));
        }
        if (ref instanceof CompileMemo.SelectorSetRef s) {
            return new IpSetSpec(s.name(), TYPE_IP, family, index.selectorEntries(family, s.peer(), s.policyNamespace(), s.canonical()));
        }
        CompileMemo.NamedPortSetRef n = (CompileMemo.NamedPortSetRef) ref;
        if (n.withHostNetwork()) {
            List<String> entries = new ArrayList<>(index.namedPortEntries(family, n.protocol(), n.portName()));
            entries.addAll(index.hostNetworkNamedPortEntries(family, n.protocol(), n.portName()));
            return new IpSetSpec(n.name(), TYPE_IP_PORT, family, PeerIndex.sortedUnique(entries));
        }
        return new IpSetSpec(n.name(), TYPE_IP_PORT, family, n.ingress() ? localNamedPortEntries(n.protocol(), n.portName())
                : index.namedPortEntries(family, n.protocol(), n.portName()));
    }

    private List<String> localNamedPortEntries(io.netfence.engine.model.Protocol protocol, String portName) {
        List<String> entries = new ArrayList<>(localPods.size());
        for (PodInfo p : localPods) {
            var port = p.resolveNamedPort(portName, protocol);
            if (port.isPresent()) {
                for (String ip : ipsOf(p)) {
                    entries.add(ip + "," + protocol.kernelName() + ":" + port.getAsInt());
                }
            }
        }
        return PeerIndex.sortedUnique(entries);
    }

    private static List<String> dedupe(List<String> rules) {
        return List.copyOf(new java.util.LinkedHashSet<>(rules));
    }

    /** One match per peer ("" = any peer); peers with nothing in this family are left out. */
    private List<String> peerMatches(Policy policy, PolicyRule rule, Direction direction, List<CompileMemo.SetRef> refs) {
        if (rule.allPeers()) {
            return List.of("");
        }
        String dir = direction == Direction.INGRESS ? "src" : "dst";
        List<String> out = new ArrayList<>();
        for (Peer peer : rule.peers()) {
            CompileMemo.SetRef set = peer instanceof SelectorPeer sp ? selectorSet(sp, policy.namespace())
                    : ipBlockSet((IpBlockPeer) peer);
            if (set != null) {
                refs.add(set);
                out.add("-m set --match-set " + set.name() + " " + dir);
            }
        }
        return out;
    }

    private CompileMemo.SetRef selectorSet(SelectorPeer peer, String policyNamespace) {
        String canonical = RulesetNames.canonicalPeer(peer.podSelector(), peer.namespaceSelector(), policyNamespace);
        String name = RulesetNames.selectorPeerSet(family, canonical);
        String origin = "peer " + peer.describe() + (peer.sameNamespaceOnly() ? " (" + policyNamespace + ")" : "");
        return new CompileMemo.SelectorSetRef(name, origin, peer, policyNamespace, canonical);
    }

    /** hash:net of the block, {@code except} as nomatch entries; null when the block is of the other family. */
    private CompileMemo.SetRef ipBlockSet(IpBlockPeer block) {
        if (block.cidr().isIpv4() != (family == IpFamily.IPV4)) {
            return null;
        }
        StringBuilder canonical = new StringBuilder(block.cidr().toString());
        block.except().stream().sorted().forEach(e -> canonical.append(" except ").append(e));
        String name = RulesetNames.ipBlockSet(family, canonical.toString());
        TreeSet<String> entries = new TreeSet<>(netEntries(block.cidr(), ""));
        for (Cidr e : block.except()) {
            if (e.isIpv4() == block.cidr().isIpv4()) {
                entries.addAll(netEntries(e, " nomatch"));
            }
        }
        return new CompileMemo.FixedSetRef(new IpSetSpec(name, TYPE_NET, family, List.copyOf(entries)), "peer " + block.describe());
    }

    /** hash:net cannot hold a /0, so the whole address space becomes its two halves. */
    private static List<String> netEntries(Cidr cidr, String suffix) {
        if (cidr.prefixLength() == 0) {
            return cidr.isIpv4() ? List.of("0.0.0.0/1" + suffix, "128.0.0.0/1" + suffix)
                    : List.of("::/1" + suffix, "8000::/1" + suffix);
        }
        return List.of(cidr + suffix);
    }

    private List<PortMatch> portMatches(PolicyRule rule, Direction direction, List<CompileMemo.SetRef> refs) {
        if (rule.allPorts()) {
            return List.of(PortMatch.ANY);
        }
        List<PortMatch> out = new ArrayList<>();
        for (PortSpec spec : rule.ports()) {
            if (spec.isNamed()) {
                CompileMemo.SetRef set = namedPortSet(spec, direction);
                refs.add(set);
                out.add(PortMatch.namedSet(spec.protocol(), set.name()));
            } else {
                out.add(PortMatch.numeric(spec));
            }
        }
        return out;
    }

    /**
     * IP,proto:port of every pod that resolves the name: for ingress the destination is always a local pod, so
     * local pods suffice; for egress it can be any pod of the cluster.
     */
    private CompileMemo.SetRef namedPortSet(PortSpec spec, Direction direction) {
        boolean ingress = direction == Direction.INGRESS;
        String scope = ingress ? "local:" + nodeName : "cluster";
        String name = RulesetNames.namedPortSet(family, scope, spec.protocol().kernelName(), spec.portName());
        String origin = "named port " + spec.protocol().kernelName() + "/" + spec.portName() + " of "
                + (ingress ? "the pods on this node" : "every pod");
        return new CompileMemo.NamedPortSetRef(name, origin, spec.protocol(), spec.portName(), ingress);
    }

    /**
     * The node's own addresses and the gateway (first) address of each of its pod CIDRs, in this family. The gateway
     * is the bridge's by convention only: when a pod holds that address (routed veths, another IPAM), it is a pod.
     */
    private List<String> nodeAddresses(NodeInfo node) {
        TreeSet<String> out = new TreeSet<>();
        if (node == null) {
            return List.of();
        }
        for (String a : node.addresses()) {
            canonicalIp(a).ifPresent(out::add);
        }
        for (String c : node.podCidrs()) {
            Cidr.parse(c).filter(cidr -> cidr.isIpv4() == (family == IpFamily.IPV4) && cidr.prefixLength() < cidr.bits())
                    .map(cidr -> InetAddresses.toAddrString(InetAddresses.increment(cidr.network())))
                    .filter(gateway -> !index.isPodIp(gateway))
                    .ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private List<String> ipsOf(PodInfo pod) {
        return index.ips(pod, family);
    }

    /** The address in iptables-save's spelling, if it is a valid address of this family. */
    private Optional<String> canonicalIp(String ip) {
        return PodIndex.canonicalIp(ip).filter(a -> IpFamily.of(a) == family);
    }
}
