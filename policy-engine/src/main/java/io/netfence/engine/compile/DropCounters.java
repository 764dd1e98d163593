package io.netfence.engine.compile;

import io.netfence.engine.model.Direction;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads per-pod drop counters out of {@code iptables-save -c -t filter} text. Each local pod isolated in a
 * direction has exactly one rule that sends unallowed new packets to {@code NETFENCE-REJECT}; its comment is
 * {@code netfence drop ingress|egress NAMESPACE/NAME}, its counters are the pod's drops (both families are summed
 * when the caller feeds both outputs).
 */
public final class DropCounters {

    /** Packets and bytes rejected for one pod in one direction. */
    public record Count(long packets, long bytes) {
        Count plus(Count o) {
            return new Count(packets + o.packets, bytes + o.bytes);
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "^\\[(\\d+):(\\d+)] -A NETFENCE-(?:IN|EG)-\\S+ .*--comment \"netfence drop (ingress|egress) ([^\"/]+/[^\"]+)\" -j "
                    + NodeRulesetCompiler.REJECT_CHAIN + "$");

    private static final Pattern CLUSTER_LINE = Pattern.compile(
            "^\\[(\\d+):(\\d+)] -A NETFENCE-C[IE]-\\S+ .*--comment \"netfence deny (ingress|egress) clusternetworkpolicy ([^\"]+)\" -j DROP$");

    private static final Pattern STAGED_LINE = Pattern.compile(
            "^\\[(\\d+):(\\d+)] -A NETFENCE-W[IE]-\\S+ -m comment --comment \"netfence would-deny (ingress|egress) stagednetworkpolicy ([^\"/]+/[^\"]+)\"$");

    private static final Pattern STAGED_CLUSTER_LINE = Pattern.compile(
            "^\\[(\\d+):(\\d+)] -A NETFENCE-V[IE]-\\S+ -m comment --comment \"netfence would-deny (ingress|egress) stagedclusternetworkpolicy ([^\"]+)\"$");

    private DropCounters() {
    }

    /** The comment on a pod's drop rule (truncated to iptables' limit for very long names). */
    static String comment(Direction direction, String podKey) {
        return "netfence drop " + word(direction) + " " + podKey;
    }

    /**
     * The comment on every Deny rule of a ClusterNetworkPolicy (one per peer and port of each Deny rule; their counters
     * summed are the policy's drops in that direction).
     */
    static String clusterDenyComment(Direction direction, String clusterPolicyName) {
        return limited("netfence deny " + word(direction) + " clusternetworkpolicy " + clusterPolicyName);
    }

    /** The comment on the counting rule of a staged policy's would-deny chain (its counters are that policy's would-denies). */
    static String stagedWouldDenyComment(Direction direction, String stagedKey) {
        return limited("netfence would-deny " + word(direction) + " stagednetworkpolicy " + stagedKey);
    }

    /** The comment on the counting rule of a staged ClusterNetworkPolicy's would-deny chain. */
    static String stagedClusterWouldDenyComment(Direction direction, String name) {
        return limited("netfence would-deny " + word(direction) + " stagedclusternetworkpolicy " + name);
    }

    /**
     * StagedClusterNetworkPolicy name → direction → new connections it would deny (allowed today, decided by one of its
     * Deny rules were it enforced), from the counting rules of the {@code NETFENCE-VI-}/{@code VE-} chains (feed both
     * families' outputs).
     */
    public static Map<String, Map<Direction, Count>> parseStagedClusterWouldDeny(String iptablesSaveWithCounters) {
        return countsByKey(iptablesSaveWithCounters, STAGED_CLUSTER_LINE);
    }

    /**
     * StagedNetworkPolicy key ({@code ns/name}) → direction → new connections it would deny (allowed today, denied were it
     * enforced), from the counting rules of the {@code NETFENCE-WI-}/{@code WE-} chains (feed both families' outputs).
     */
    public static Map<String, Map<Direction, Count>> parseStagedWouldDeny(String iptablesSaveWithCounters) {
        return countsByKey(iptablesSaveWithCounters, STAGED_LINE);
    }

    /** ClusterNetworkPolicy name → direction → packets and bytes its Deny rules dropped (silently). */
    public static Map<String, Map<Direction, Count>> parseClusterDenies(String iptablesSaveWithCounters) {
        return countsByKey(iptablesSaveWithCounters, CLUSTER_LINE);
    }

    /** podKey ({@code ns/name}) → direction → count, for every drop rule in the text. */
    public static Map<String, Map<Direction, Count>> parse(String iptablesSaveWithCounters) {
        return countsByKey(iptablesSaveWithCounters, LINE);
    }

    /**
     * The one parser of counter lines: every line {@code rule} matches gives packets (group 1), bytes (group 2), the
     * direction word (group 3) and the key (group 4); counts of the same key and direction are summed.
     */
    private static Map<String, Map<Direction, Count>> countsByKey(String iptablesSaveWithCounters, Pattern rule) {
        Map<String, Map<Direction, Count>> out = new TreeMap<>();
        for (String line : iptablesSaveWithCounters.split("\n")) {
            Matcher m = rule.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Direction d = m.group(3).equals("ingress") ? Direction.INGRESS : Direction.EGRESS;
            Count c = new Count(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            out.computeIfAbsent(m.group(4), k -> new TreeMap<>()).merge(d, c, Count::plus);
        }
        return out;
    }

    private static String word(Direction direction) {
        return direction == Direction.INGRESS ? "ingress" : "egress";
    }

    /** Policy comments are cut at 240 characters, below the iptables comment limit. */
    private static String limited(String comment) {
        return comment.length() > 240 ? comment.substring(0, 240) : comment;
    }
}
