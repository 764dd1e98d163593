package io.netfence.engine.reachability;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Allowed/denied for every (source, destination) pair of two endpoint lists on one port and protocol, with the
 * same semantics as {@link ReachabilityAnalyzer} (which {@link #explain(int, int)} uses for a single cell).
 *
 * <p>Instead of judging each pair against each policy, it works with bit sets: per policy, the set of endpoints it
 * selects; per rule, the set of peers and of destinations whose ports it covers; each isolated destination then
 * ORs in the source sets of the rules that apply to it (and each isolated source the destination sets), and the
 * final row is the source's egress row AND the destination's ingress column. Selectors are evaluated once per
 * distinct label set and namespace. Cost is about {@code policies × selected pods × rules × n/64} word operations.
 *
 * <p>Immutable once computed and safe to share between threads.
 */
public final class ConnectivityMatrix {

    private final ClusterSnapshot snapshot;
    private final List<Endpoint> sources;
    private final List<Endpoint> destinations;
    private final int port;
    private final Protocol protocol;
    /** rows[i] = destinations source i may reach. */
    private final long[][] rows;
    // created on the first explain(); racing threads at worst build two equal analyzers
    private volatile ReachabilityAnalyzer analyzer;

    private ConnectivityMatrix(ClusterSnapshot snapshot, List<Endpoint> sources, List<Endpoint> destinations, int port,
                               Protocol protocol, long[][] rows) {
        this.snapshot = snapshot;
        this.sources = sources;
        this.destinations = destinations;
        this.port = port;
        this.protocol = protocol;
        this.rows = rows;
    }

    /** The square matrix of {@code endpoints} to themselves. */
    public static ConnectivityMatrix compute(ClusterSnapshot snapshot, List<Endpoint> endpoints, int port, Protocol protocol) {
        return compute(snapshot, endpoints, endpoints, port, protocol);
    }

    public static ConnectivityMatrix compute(ClusterSnapshot snapshot, List<Endpoint> sources, List<Endpoint> destinations,
                                             int port, Protocol protocol) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " must be between 1 and 65535");
        }
        EndpointIndex src = new EndpointIndex(snapshot, sources);
        // a square matrix shares one index, so each selector is evaluated once for both directions
        EndpointIndex dst = destinations == sources ? src : new EndpointIndex(snapshot, destinations);
        long[][] egress = egress(snapshot, src, dst, port, protocol);
        long[][] ingress = ingress(snapshot, src, dst, port, protocol);
        if (!snapshot.clusterNetworkPolicies().isEmpty()) {
            egress = new TierWalk(snapshot, Direction.EGRESS, src, dst, port, protocol).apply(egress);
            ingress = new TierWalk(snapshot, Direction.INGRESS, dst, src, port, protocol).apply(ingress);
        }
        long[][] rows = new long[src.size][];
        for (int i = 0; i < src.size; i++) {
            rows[i] = egress[i] != null ? egress[i] : dst.all().clone();
        }
        for (int j = 0; j < dst.size; j++) {
            if (ingress[j] == null) {
                continue;
            }
            long[] in = ingress[j];
            for (int w = 0; w < in.length; w++) {
                // visit only the sources this destination's ingress denies
                long denied = ~in[w] & (w == in.length - 1 && (src.size & 63) != 0 ? (1L << src.size) - 1 : -1L);
                while (denied != 0) {
                    Bits.clear(rows[(w << 6) + Long.numberOfTrailingZeros(denied)], j);
                    denied &= denied - 1;
                }
            }
        }
        return new ConnectivityMatrix(snapshot, src.endpoints, dst.endpoints, port, protocol, rows);
    }

    /** Every pod of the snapshot that has an address (via {@link ReachabilityAnalyzer#endpoint(PodInfo)}). */
    public static List<Endpoint> podEndpoints(ClusterSnapshot snapshot) {
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(snapshot);
        List<Endpoint> out = new ArrayList<>();
        for (PodInfo pod : snapshot.pods()) {
            if (!pod.ips().isEmpty() || pod.hostNetwork()) {
                try {
                    out.add(a.endpoint(pod));
                } catch (IllegalArgumentException noAddress) {
                    // a hostNetwork pod on a node without addresses: nothing to probe
                }
            }
        }
        return out;
    }

    /** Per isolated destination j: the sources its ingress allows; null = not ingress-isolated. */
    private static long[][] ingress(ClusterSnapshot snapshot, EndpointIndex src, EndpointIndex dst, int port, Protocol protocol) {
        long[][] allowed = new long[dst.size][];
        for (Policy policy : snapshot.policies()) {
            if (!policy.isolates(Direction.INGRESS)) {
                continue;
            }
            long[] selected = dst.selectedBy(policy);
            for (int j = Bits.next(selected, 0); j >= 0; j = Bits.next(selected, j + 1)) {
                if (allowed[j] == null) {
                    allowed[j] = new long[src.words()];
                }
            }
            for (PolicyRule rule : policy.ingress()) {
                long[] from = src.peersOf(policy, rule);
                long[] portOk = dst.portsOf(rule, port, protocol);
                if (Bits.isEmpty(from)) {
                    continue;
                }
                for (int j = Bits.next(selected, 0); j >= 0; j = Bits.next(selected, j + 1)) {
                    if (Bits.get(portOk, j)) {
                        Bits.or(allowed[j], from);
                    }
                }
            }
        }
        for (int j = 0; j < dst.size; j++) {
            if (allowed[j] == null) {
                continue;
            }
            Endpoint d = dst.endpoints.get(j);
            long[] ownNode = src.onHost(d.pod().nodeName());
            if (ownNode != null) {
                Bits.or(allowed[j], ownNode);
            }
            long[] same = src.withIp(d.ip());
            if (same != null) {
                Bits.or(allowed[j], same);
            }
        }
        return allowed;
    }

    /** Per isolated source i: the destinations its egress allows; null = not egress-isolated. */
    private static long[][] egress(ClusterSnapshot snapshot, EndpointIndex src, EndpointIndex dst, int port, Protocol protocol) {
        long[][] allowed = new long[src.size][];
        for (Policy policy : snapshot.policies()) {
            if (!policy.isolates(Direction.EGRESS)) {
                continue;
            }
            long[] selected = src.selectedBy(policy);
            for (int i = Bits.next(selected, 0); i >= 0; i = Bits.next(selected, i + 1)) {
                if (allowed[i] == null) {
                    allowed[i] = new long[dst.words()];
                }
            }
            for (PolicyRule rule : policy.egress()) {
                long[] to = Bits.and(dst.peersOf(policy, rule), dst.portsOf(rule, port, protocol));
                if (Bits.isEmpty(to)) {
                    continue;
                }
                for (int i = Bits.next(selected, 0); i >= 0; i = Bits.next(selected, i + 1)) {
                    Bits.or(allowed[i], to);
                }
            }
        }
        for (int i = 0; i < src.size; i++) {
            if (allowed[i] != null) {
                long[] same = dst.withIp(src.endpoints.get(i).ip());
                if (same != null) {
                    Bits.or(allowed[i], same);
                }
            }
        }
        return allowed;
    }

    /**
     * The ClusterNetworkPolicy tiers for one direction, as bit sets: per subject endpoint (sources for egress,
     * destinations for ingress) the peers each tier accepted and denied. Admin decides first; what it passes or does
     * not match goes to the NetworkPolicy result; a side no NetworkPolicy isolates goes on to Baseline; the rest is
     * allowed. Only subjects some ClusterNetworkPolicy selects get per-subject sets; the others keep the
     * NetworkPolicy-only result untouched.
     */
    private static final class TierWalk {
        private final ClusterSnapshot snapshot;
        private final Direction dir;
        private final EndpointIndex subjects;
        private final EndpointIndex others;
        private final int port;
        private final Protocol protocol;

        TierWalk(ClusterSnapshot snapshot, Direction dir, EndpointIndex subjects, EndpointIndex others, int port, Protocol protocol) {
            this.snapshot = snapshot;
            this.dir = dir;
            this.subjects = subjects;
            this.others = others;
            this.port = port;
            this.protocol = protocol;
        }

        /** @param np per subject the peers NetworkPolicy allows, null when not isolated; returns the same shape with tiers applied */
        long[][] apply(long[][] np) {
            int n = subjects.size;
            long[][] adminAccept = new long[n][];
            long[][] adminDeny = new long[n][];
            long[][] open = new long[n][];
            walk(ClusterPolicyTier.ADMIN, adminAccept, adminDeny, open, null);
            // Baseline starts where Admin left off, only for subjects NetworkPolicy does not isolate
            long[][] baseAccept = new long[n][];
            long[][] baseDeny = new long[n][];
            long[][] baseOpen = new long[n][];
            boolean[] baselineEligible = new boolean[n];
            for (int k = 0; k < n; k++) {
                baselineEligible[k] = np[k] == null;
                if (np[k] == null && adminAccept[k] != null) {
                    long[] cont = others.all().clone();
                    for (int w = 0; w < cont.length; w++) {
                        cont[w] &= ~(adminAccept[k][w] | adminDeny[k][w]);
                    }
                    baseOpen[k] = cont;
                }
            }
            walk(ClusterPolicyTier.BASELINE, baseAccept, baseDeny, baseOpen, baselineEligible);
            long[][] out = np.clone();
            for (int k = 0; k < n; k++) {
                boolean admin = adminAccept[k] != null;
                boolean base = baseAccept[k] != null;
                if (!admin && !base) {
                    continue;
                }
                long[] r;
                if (np[k] != null) {
                    r = np[k].clone();
                    for (int w = 0; w < r.length; w++) {
                        r[w] = adminAccept[k][w] | (r[w] & ~adminDeny[k][w]);
                    }
                } else {
                    r = others.all().clone();
                    for (int w = 0; w < r.length; w++) {
                        r[w] &= ~((admin ? adminDeny[k][w] : 0) | (base ? baseDeny[k][w] : 0));
                    }
                }
                Endpoint subject = subjects.endpoints.get(k);
                long[] same = others.withIp(subject.ip());
                if (same != null) {
                    Bits.or(r, same); // loopback: a pod reaching its own IP is not subject to ClusterNetworkPolicy
                }
                if (dir == Direction.INGRESS) {
                    long[] ownNode = others.onHost(subject.pod().nodeName());
                    if (ownNode != null) {
                        Bits.or(r, ownNode); // kubelet probes: a pod is always reachable from its own node
                    }
                }
                out[k] = r;
            }
            return out;
        }

        /**
         * First match decides, per subject: {@code open[k]} holds the peers no rule of this tier matched yet (created
         * as "all" on first use unless preset), {@code accept}/{@code deny} collect the decisions; Pass only closes.
         */
        private void walk(ClusterPolicyTier tier, long[][] accept, long[][] deny, long[][] open, boolean[] eligible) {
            for (ClusterNetworkPolicy cnp : snapshot.clusterNetworkPolicies()) {
                if (cnp.tier() != tier || cnp.rules(dir).isEmpty()) {
                    continue;
                }
                long[] selected = subjects.subjectOf(cnp.subject());
                if (Bits.isEmpty(selected)) {
                    continue;
                }
                for (ClusterPolicyRule rule : cnp.rules(dir)) {
                    boolean failClosed = rule.peers().stream().anyMatch(p -> p instanceof ClusterPolicyPeer.Unknown);
                    if (failClosed && rule.action() == ClusterPolicyAction.ACCEPT) {
                        continue;
                    }
                    long[] match = failClosed ? others.all() : others.clusterPeersOf(rule);
                    long[] subjectPortOk = null;
                    if (!failClosed && dir == Direction.EGRESS) {
                        match = Bits.and(match, others.clusterPortsOf(rule, port, protocol));
                    } else if (!failClosed) {
                        subjectPortOk = subjects.clusterPortsOf(rule, port, protocol);
                    }
                    if (Bits.isEmpty(match)) {
                        continue;
                    }
                    for (int k = Bits.next(selected, 0); k >= 0; k = Bits.next(selected, k + 1)) {
                        if ((eligible != null && !eligible[k]) || (subjectPortOk != null && !Bits.get(subjectPortOk, k))) {
                            continue;
                        }
                        if (accept[k] == null) {
                            accept[k] = new long[others.words()];
                            deny[k] = new long[others.words()];
                            if (open[k] == null) {
                                open[k] = others.all().clone();
                            }
                        }
                        long[] o = open[k];
                        long[] into = rule.action() == ClusterPolicyAction.ACCEPT ? accept[k]
                                : rule.action() == ClusterPolicyAction.DENY ? deny[k] : null;
                        for (int w = 0; w < o.length; w++) {
                            long hit = o[w] & match[w];
                            if (into != null) {
                                into[w] |= hit;
                            }
                            o[w] &= ~hit;
                        }
                    }
                }
            }
        }
    }

    public List<Endpoint> sources() {
        return sources;
    }

    public List<Endpoint> destinations() {
        return destinations;
    }

    public int port() {
        return port;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Whether source {@code i} may reach destination {@code j}. */
    public boolean allowed(int i, int j) {
        if (j < 0 || j >= destinations.size()) {
            throw new IndexOutOfBoundsException("destination " + j + " of " + destinations.size());
        }
        return Bits.get(rows[i], j);
    }

    /** How many pairs are allowed. */
    public long allowedCount() {
        long c = 0;
        for (long[] row : rows) {
            c += Bits.count(row);
        }
        return c;
    }

    /** The full explanation of one cell (computed on demand). */
    public ReachabilityVerdict explain(int i, int j) {
        ReachabilityAnalyzer a = analyzer;
        if (a == null) {
            a = new ReachabilityAnalyzer(snapshot);
            analyzer = a;
        }
        return a.verdict(sources.get(i), destinations.get(j), port, protocol);
    }

    /**
     * A text table in the upstream e2e style: one row per source, one column per destination, {@code .} allowed
     * and {@code X} denied.
     */
    public String render() {
        List<String> rowLabels = sources.stream().map(Endpoint::label).toList();
        List<String> colLabels = destinations.stream().map(Endpoint::label).toList();
        int first = Math.max(4, rowLabels.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder sb = new StringBuilder(String.format("%-" + first + "s", protocol.name() + "/" + port));
        for (String c : colLabels) {
            sb.append(' ').append(c);
        }
        sb.append('\n');
        for (int i = 0; i < rowLabels.size(); i++) {
            sb.append(String.format("%-" + first + "s", rowLabels.get(i)));
            for (int j = 0; j < colLabels.size(); j++) {
                String cell = allowed(i, j) ? "." : "X";
                sb.append(' ').append(String.format("%-" + colLabels.get(j).length() + "s", cell));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
