package io.netfence.engine.reachability;

import com.google.common.net.InetAddresses;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.reachability.SideExplanation.Outcome;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers "may {@code source} open a connection to {@code destination:port/protocol}?" over one
 * {@link ClusterSnapshot}, exactly as {@code networking.k8s.io/v1} NetworkPolicy defines it, and explains why.
 *
 * <p>The rules:
 * <ul>
 *   <li>Policies add up (union). A pod is isolated for a direction iff some policy with that policy type selects
 *       it; an isolated side allows exactly what at least one rule of those policies allows.</li>
 *   <li>A connection is allowed iff the source's egress side allows it (or the source is not egress-isolated)
 *       AND the destination's ingress side allows it (or the destination is not ingress-isolated).</li>
 *   <li>Peers: {@code podSelector} alone = pods of the policy's namespace; {@code namespaceSelector} alone = all
 *       pods of the matching namespaces; both = pods matching both; {@code ipBlock} (minus {@code except})
 *       matches any address, pod IPs included. A rule without peers allows all peers, without ports all ports.</li>
 *   <li>Named ports are resolved against the <em>destination</em> pod's container ports of the same protocol, so
 *       one name may mean different numbers on different pods, and never matches a non-pod destination.</li>
 *   <li>Pods without an IP, finished pods and hostNetwork pods are never selected (neither isolated nor matched by
 *       selector peers) but still send and receive by their IP; a hostNetwork pod uses its node's address.</li>
 *   <li>Addresses that are not pods (remote nodes, external IPs) are never isolated and are matched by
 *       {@code ipBlock} peers only.</li>
 * </ul>
 *
 * <p>Two connections are always allowed because no NetworkPolicy implementation can block them:
 * <ul>
 *   <li><b>From the pod's own node</b>: traffic from one of a node's own addresses (or a hostNetwork pod on it) to a
 *       pod running on that node is always allowed, whatever the pod's ingress policies say, so that kubelet
 *       liveness/readiness probes keep working (Kubernetes documents that a pod cannot block access from its
 *       resident node). The explanation marks it {@link Outcome#FROM_OWN_NODE}. Traffic from <em>other</em> nodes is
 *       judged like any other address, by ipBlock peers.</li>
 *   <li><b>Loopback</b>: an endpoint reaching its own address never leaves its network namespace
 *       ({@link Outcome#LOOPBACK}), as the upstream e2e suite expects.</li>
 * </ul>
 *
 * <p>ClusterNetworkPolicies ({@code policy.networking.k8s.io/v1alpha2}) take part per side, in tiers: the Admin tier
 * first (ascending priority, ties by name, rules in order, the first match decides: Accept allows, Deny denies, Pass
 * skips the rest of the tier), then the NetworkPolicy rules above (an isolated side never reaches Baseline), then the
 * Baseline tier the same way, then allow. Host-network pods are never subjects nor pod peers; {@code domainNames}
 * match nothing and the explanation notes it; unknown peers fail closed. The two exceptions below hold against every
 * tier. See docs/cluster-network-policy.md.
 *
 * <p>For many pairs at once use {@link ConnectivityMatrix}, which precomputes selections and gives the same answers.
 * An analyzer is immutable and thread-safe.
 */
public final class ReachabilityAnalyzer {

    private final ClusterSnapshot snapshot;
    private final Map<String, String> nodeByAddress = new HashMap<>();
    private final Map<String, PodInfo> podByIp;
    private final ClusterTierEvaluator tiers;
    private volatile ReachabilityAnalyzer stagedEnforced;

    public ReachabilityAnalyzer(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
        for (NodeInfo node : snapshot.nodes()) {
            for (String a : node.addresses()) {
                if (InetAddresses.isInetAddress(a)) {
                    nodeByAddress.putIfAbsent(canonical(a), node.name());
                }
            }
        }
        this.podByIp = snapshot.podAddresses().byCanonicalIp();
        this.tiers = new ClusterTierEvaluator(snapshot, nodeByAddress);
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /** The endpoint of a pod; a hostNetwork pod without a reported IP gets its node's first address. */
    public Endpoint endpoint(PodInfo pod) {
        if (pod.ips().isEmpty() && pod.hostNetwork() && pod.nodeName() != null) {
            Optional<NodeInfo> node = snapshot.node(pod.nodeName());
            if (node.isPresent() && !node.get().addresses().isEmpty()) {
                return Endpoint.pod(pod, node.get().addresses().get(0));
            }
        }
        return Endpoint.pod(pod);
    }

    /** The endpoint of pod {@code namespace/name} of the snapshot. */
    public Endpoint endpoint(String namespace, String name) {
        return endpoint(snapshot.pod(namespace, name).orElseThrow(() ->
                new IllegalArgumentException("no pod " + namespace + "/" + name + " in the snapshot")));
    }

    /**
     * What an address is: a selectable pod's IP (that pod), else a node's own address, else any other pod's IP
     * (hostNetwork or finished), else a bare IP.
     */
    public Endpoint endpointForIp(String ip) {
        if (!InetAddresses.isInetAddress(ip)) {
            throw new IllegalArgumentException("\"" + ip + "\" is not an IPv4 or IPv6 address");
        }
        String c = canonical(ip);
        PodInfo pod = podByIp.get(c);
        if (pod != null && pod.selectable()) {
            return Endpoint.pod(pod, c);
        }
        String node = nodeByAddress.get(c);
        if (node != null) {
            return Endpoint.nodeAddress(node, c);
        }
        return pod != null ? Endpoint.pod(pod, c) : Endpoint.ip(c);
    }

    /** The verdict with both sides' explanations. */
    public ReachabilityVerdict verdict(Endpoint source, Endpoint destination, int port, Protocol protocol) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " must be between 1 and 65535");
        }
        return new ReachabilityVerdict(source, destination, port, protocol,
                side(Direction.EGRESS, source, destination, port, protocol),
                side(Direction.INGRESS, source, destination, port, protocol));
    }

    public boolean allowed(Endpoint source, Endpoint destination, int port, Protocol protocol) {
        return verdict(source, destination, port, protocol).allowed();
    }

    /**
     * The staged verdict: the verdict were every StagedNetworkPolicy and StagedClusterNetworkPolicy of the snapshot
     * enforced next to the enforced policies (NetworkPolicy's union: an allow from any of them allows; staged cluster
     * policies in their tier by priority and name, see {@link ClusterSnapshot#withStagedEnforced()}). The enforced verdict
     * is {@link #verdict}.
     */
    public ReachabilityVerdict stagedVerdict(Endpoint source, Endpoint destination, int port, Protocol protocol) {
        return stagedAnalyzer().verdict(source, destination, port, protocol);
    }

    private ReachabilityAnalyzer stagedAnalyzer() {
        ReachabilityAnalyzer staged = stagedEnforced;
        if (staged == null) {
            staged = snapshot.hasStaged() ? new ReachabilityAnalyzer(snapshot.withStagedEnforced()) : this;
            stagedEnforced = staged;
        }
        return staged;
    }

    /**
     * What the nodes count for this connection (docs/dataplane.md, "Staged policies"): nothing unless it is allowed
     * today; then, for each side the staged verdict denies, the staged policy it counts on:
     * <ul>
     *   <li>denied by a {@code Deny} rule of a StagedClusterNetworkPolicy (the first matching rule of its tier in the
     *       staged world): that staged cluster policy;</li>
     *   <li>denied by NetworkPolicy isolation (no allow from any enforced or staged policy isolating the side): every
     *       StagedNetworkPolicy isolating the side (selects its pod, with that direction in its policyTypes);</li>
     *   <li>denied by an enforced cluster policy's {@code Deny} (reachable only when a staged Admin {@code Pass} skipped an
     *       enforced {@code Accept}): nothing, as no staged policy denied it.</li>
     * </ul>
     * Sorted by direction (egress first), then kind (StagedNetworkPolicy first), then key.
     */
    public List<StagedDenial> stagedDenials(Endpoint source, Endpoint destination, int port, Protocol protocol) {
        if (!snapshot.hasStaged() || !allowed(source, destination, port, protocol)) {
            return List.of();
        }
        ReachabilityVerdict staged = stagedVerdict(source, destination, port, protocol);
        List<StagedDenial> out = new ArrayList<>();
        if (!staged.egress().allows() && source.isPod()) {
            attribute(staged.egress(), source, destination, source, destination, port, protocol, out);
        }
        if (!staged.ingress().allows() && destination.isPod()) {
            attribute(staged.ingress(), destination, source, source, destination, port, protocol, out);
        }
        return List.copyOf(out);
    }

    private void attribute(SideExplanation side, Endpoint subject, Endpoint peer, Endpoint source, Endpoint destination,
                           int port, Protocol protocol, List<StagedDenial> out) {
        Direction dir = side.direction();
        switch (side.outcome()) {
            case DENIED -> {
                for (Policy p : snapshot.stagedPolicies()) {
                    if (p.isolates(dir) && p.selects(subject.pod())) {
                        out.add(new StagedDenial(dir, StagedDenial.Kind.STAGED_NETWORK_POLICY, p.key()));
                    }
                }
            }
            case ADMIN_DENIED, BASELINE_DENIED -> {
                ClusterPolicyTier tier = side.outcome() == Outcome.ADMIN_DENIED ? ClusterPolicyTier.ADMIN : ClusterPolicyTier.BASELINE;
                stagedAnalyzer().tiers.decision(tier, dir, subject, peer, destination, port, protocol, new ArrayList<>())
                        .filter(d -> snapshot.stagedClusterNetworkPolicies().stream().anyMatch(s -> s == d.policy()))
                        .ifPresent(d -> out.add(new StagedDenial(dir, StagedDenial.Kind.STAGED_CLUSTER_NETWORK_POLICY, d.policy().name())));
            }
            default -> { }
        }
    }

    /**
     * The staged policies ({@code ns/name}, sorted) that would deny this connection, as the nodes count them (see
     * {@link #stagedDenials}).
     */
    public List<String> wouldDeny(Endpoint source, Endpoint destination, int port, Protocol protocol) {
        return keys(source, destination, port, protocol, StagedDenial.Kind.STAGED_NETWORK_POLICY);
    }

    /** Whether the staged policy {@code namespace/name} would deny this connection (see {@link #wouldDeny}). */
    public boolean wouldDeny(String namespace, String name, Endpoint source, Endpoint destination, int port, Protocol protocol) {
        return wouldDeny(source, destination, port, protocol).contains(namespace + "/" + name);
    }

    /** The staged ClusterNetworkPolicies (names, sorted) that would deny this connection (see {@link #stagedDenials}). */
    public List<String> clusterWouldDeny(Endpoint source, Endpoint destination, int port, Protocol protocol) {
        return keys(source, destination, port, protocol, StagedDenial.Kind.STAGED_CLUSTER_NETWORK_POLICY);
    }

    /** Whether the staged ClusterNetworkPolicy {@code name} would deny this connection. */
    public boolean clusterWouldDeny(String name, Endpoint source, Endpoint destination, int port, Protocol protocol) {
        return clusterWouldDeny(source, destination, port, protocol).contains(name);
    }

    private List<String> keys(Endpoint source, Endpoint destination, int port, Protocol protocol, StagedDenial.Kind kind) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (StagedDenial d : stagedDenials(source, destination, port, protocol)) {
            if (d.kind() == kind) {
                out.add(d.key());
            }
        }
        return List.copyOf(out);
    }

    private SideExplanation side(Direction dir, Endpoint source, Endpoint destination, int port, Protocol protocol) {
        Endpoint subject = dir == Direction.EGRESS ? source : destination;
        Endpoint peer = dir == Direction.EGRESS ? destination : source;
        List<String> isolating = new ArrayList<>();
        List<Policy> policies = new ArrayList<>();
        if (subject.isPod()) {
            for (Policy p : snapshot.policies()) {
                if (p.isolates(dir) && p.selects(subject.pod())) {
                    isolating.add(p.key());
                    policies.add(p);
                }
            }
        }
        if (source.ip().equals(destination.ip())) {
            // ClusterNetworkPolicy is enforced outside the pod's network namespace: a pod reaching its own IP is not subject to it
            return new SideExplanation(dir, subject, Outcome.LOOPBACK, isolating, List.of(), List.of(),
                    "loopback: traffic to its own address never leaves the network namespace");
        }
        boolean fromOwnNode = dir == Direction.INGRESS && destination.isPod() && source.hostNode() != null
                && source.hostNode().equals(destination.pod().nodeName());
        String ownNodeNote = "from its own node " + source.hostNode() + ": always allowed (kubelet probes)";
        List<ClusterRuleMatch> cluster = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<ClusterRuleMatch> admin = tiers.decide(ClusterPolicyTier.ADMIN, dir, subject, peer, destination, port, protocol, notes);
        if (admin.isPresent()) {
            cluster.add(admin.get());
            switch (admin.get().action()) {
                case ACCEPT -> {
                    return new SideExplanation(dir, subject, Outcome.ADMIN_ACCEPTED, isolating, List.of(), List.of(), null, cluster, notes);
                }
                case DENY -> {
                    return fromOwnNode
                            ? new SideExplanation(dir, subject, Outcome.FROM_OWN_NODE, isolating, List.of(), List.of(),
                                    ownNodeNote + ", even against " + admin.get().describe(), cluster, notes)
                            : new SideExplanation(dir, subject, Outcome.ADMIN_DENIED, isolating, List.of(), List.of(), null, cluster, notes);
                }
                case PASS -> { }
            }
        }
        if (policies.isEmpty()) {
            String reason = notIsolatedReason(dir, subject);
            Optional<ClusterRuleMatch> baseline = tiers.decide(ClusterPolicyTier.BASELINE, dir, subject, peer, destination, port, protocol, notes);
            if (baseline.isEmpty()) {
                return new SideExplanation(dir, subject, Outcome.NOT_ISOLATED, List.of(), List.of(), List.of(), reason, cluster, notes);
            }
            cluster.add(baseline.get());
            Outcome outcome = switch (baseline.get().action()) {
                case ACCEPT -> Outcome.BASELINE_ACCEPTED;
                case DENY -> fromOwnNode ? Outcome.FROM_OWN_NODE : Outcome.BASELINE_DENIED;
                case PASS -> Outcome.NOT_ISOLATED;
            };
            return new SideExplanation(dir, subject, outcome, List.of(), List.of(), List.of(),
                    outcome == Outcome.FROM_OWN_NODE ? ownNodeNote + ", even against " + baseline.get().describe() : reason, cluster, notes);
        }
        List<RuleMatch> matches = new ArrayList<>();
        List<RuleMiss> misses = new ArrayList<>();
        for (Policy p : policies) {
            List<PolicyRule> rules = p.rules(dir);
            for (int r = 0; r < rules.size(); r++) {
                judgeRule(p, dir, r, rules.get(r), peer, destination, port, protocol, matches, misses);
            }
        }
        if (fromOwnNode) {
            return new SideExplanation(dir, subject, Outcome.FROM_OWN_NODE, isolating, matches, misses, ownNodeNote, cluster, notes);
        }
        return new SideExplanation(dir, subject, matches.isEmpty() ? Outcome.DENIED : Outcome.ALLOWED, isolating,
                matches, misses, null, cluster, notes);
    }

    /** Adds a {@link RuleMatch} if the rule allows the connection, else a {@link RuleMiss} saying what it lacked. */
    private void judgeRule(Policy policy, Direction dir, int ruleIndex, PolicyRule rule, Endpoint peer, Endpoint destination,
                           int port, Protocol protocol, List<RuleMatch> matches, List<RuleMiss> misses) {
        int peerIndex = rule.allPeers() ? -1 : firstMatchingPeer(policy, rule.peers(), peer);
        boolean peerOk = rule.allPeers() || peerIndex >= 0;
        PodInfo destPod = destination.pod();
        int portIndex = -1;
        if (!rule.allPorts()) {
            for (int i = 0; i < rule.ports().size() && portIndex < 0; i++) {
                if (rule.ports().get(i).matches(port, protocol, destPod)) {
                    portIndex = i;
                }
            }
        }
        boolean portOk = rule.allPorts() || portIndex >= 0;
        if (peerOk && portOk) {
            String peerText = peerIndex < 0 ? "all peers" : rule.peers().get(peerIndex).describe();
            String portText = portIndex < 0 ? "all ports" : portText(rule.ports().get(portIndex), destPod);
            matches.add(new RuleMatch(policy.key(), dir, ruleIndex, peerIndex, peerText, portIndex, portText));
            return;
        }
        String peers = rule.allPeers() ? "all peers" : String.join("; ", rule.peers().stream().map(Peer::describe).toList());
        String ports = rule.allPorts() ? "all ports" : String.join(", ", rule.ports().stream().map(s -> portText(s, destPod)).toList());
        misses.add(new RuleMiss(policy.key(), dir, ruleIndex, peerOk, portOk, peers, ports));
    }

    /** {@code TCP/80}, {@code TCP/8000-8100}; a named port adds what it is on the destination. */
    private static String portText(PortSpec spec, PodInfo destPod) {
        if (!spec.isNamed()) {
            return spec.describe();
        }
        if (destPod == null) {
            return spec.describe() + " (the destination is not a pod)";
        }
        var resolved = destPod.resolveNamedPort(spec.portName(), spec.protocol());
        return resolved.isPresent()
                ? spec.describe() + " (= " + resolved.getAsInt() + " on " + destPod.key() + ")"
                : spec.describe() + " (not exposed by " + destPod.key() + ")";
    }

    private int firstMatchingPeer(Policy policy, List<Peer> peers, Endpoint e) {
        for (int i = 0; i < peers.size(); i++) {
            if (peerMatches(policy, peers.get(i), e)) {
                return i;
            }
        }
        return -1;
    }

    private boolean peerMatches(Policy policy, Peer peer, Endpoint e) {
        if (peer instanceof IpBlockPeer block) {
            return block.contains(e.ip());
        }
        SelectorPeer sp = (SelectorPeer) peer;
        return e.isPod() && sp.selects(e.pod(), snapshot.namespaceLabels(e.pod().namespace()), policy.namespace());
    }

    private static String notIsolatedReason(Direction dir, Endpoint subject) {
        if (!subject.isPod()) {
            return subject.hostNode() != null
                    ? subject.ip() + " is an address of node " + subject.hostNode() + "; policies never apply to nodes"
                    : subject.ip() + " is not a pod; policies never apply to it";
        }
        PodInfo pod = subject.pod();
        if (!pod.selectable()) {
            return pod.key() + " is never selected by policies because " + unselectableReason(pod);
        }
        return "no policy with policyTypes " + dir.apiName() + " selects " + pod.key();
    }

    static String unselectableReason(PodInfo pod) {
        if (pod.hostNetwork()) {
            return "it uses the host network";
        }
        if (pod.ips().isEmpty()) {
            return "it has no IP";
        }
        return "it has finished (phase " + pod.phase() + ")";
    }

    private static String canonical(String ip) {
        return InetAddresses.toAddrString(InetAddresses.forString(ip));
    }
}
