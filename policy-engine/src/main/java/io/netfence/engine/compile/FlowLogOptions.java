package io.netfence.engine.compile;

import java.util.List;

/**
 * Flow observation: the first packet of each new connection to or from a local pod goes to NFLOG {@code group} with a
 * prefix naming the verdict and the chain (see docs/dataplane.md, "Flow observation"). Two kernel-side limits guard the
 * node: a hashlimit per (source, destination) address pair, so one flooding pair cannot hide the others, and a
 * node-wide hashlimit over every flow rule of the family.
 *
 * @param group         NFLOG group, 1..65535
 * @param pairPerSecond logged new connections per second per address pair
 * @param pairBurst     burst per address pair
 * @param nodePerSecond logged new connections per second for the whole node and family (burst the same)
 */
public record FlowLogOptions(int group, int pairPerSecond, int pairBurst, int nodePerSecond) {

    /** Prefix of every flow NFLOG prefix; the agent's reader keys on it. */
    public static final String PREFIX = "netfence flow ";
    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    /** A staged policy would deny the connection (allowed today): logged at its {@code NETFENCE-WI-}/{@code WE-} chain. */
    public static final String WOULD_DENY = "would-deny";

    public FlowLogOptions {
        if (group < 1 || group > 65535) {
            throw new IllegalArgumentException("flow NFLOG group must be 1..65535, got " + group);
        }
        if (pairPerSecond < 1 || pairBurst < 1 || nodePerSecond < 1) {
            throw new IllegalArgumentException("flow rate limits must be positive, got pair " + pairPerSecond + "/s burst "
                    + pairBurst + ", node " + nodePerSecond + "/s");
        }
    }

    /** 10 new connections/s per pair (burst 20), 1000/s per node: enough to see every flow, too little to hurt. */
    public static FlowLogOptions defaults(int group) {
        return new FlowLogOptions(group, 10, 20, 1000);
    }

    /**
     * The hashlimit table names (at most 15 characters). They hash the limits: the kernel keeps a table's first
     * configuration as long as any rule uses it, so new limits need a new name to take effect on a live node.
     */
    String pairTable() {
        return "nffp-" + RulesetNames.hash16("pair|" + pairPerSecond + "|" + pairBurst).substring(0, 8);
    }

    String nodeTable() {
        return "nffn-" + RulesetNames.hash16("node|" + nodePerSecond).substring(0, 8);
    }

    /** {@code -m conntrack --ctstate NEW} and both limits, as iptables-save prints them. */
    String newAndLimited() {
        return "-m conntrack --ctstate NEW -m hashlimit --hashlimit-upto " + pairPerSecond + "/sec --hashlimit-burst "
                + pairBurst + " --hashlimit-mode srcip,dstip --hashlimit-name " + pairTable()
                + " -m hashlimit --hashlimit-upto " + nodePerSecond + "/sec --hashlimit-burst " + nodePerSecond
                + " --hashlimit-name " + nodeTable();
    }

    /** The NFLOG target for {@code verdict} ({@link #ALLOW} or {@link #DENY}) at {@code chain}. */
    String target(String verdict, String chain) {
        return "-j NFLOG --nflog-prefix \"" + prefix(verdict, chain) + "\" --nflog-group " + group;
    }

    /** At most 53 characters: {@code netfence flow would-deny NETFENCE-WI-0123456789abcdef}, within NFLOG's 63. */
    public static String prefix(String verdict, String chain) {
        return PREFIX + verdict + " " + chain;
    }

    /** The full rule text after the chain name: {@code [matches] -m conntrack ... -j NFLOG ...}. */
    String rule(List<String> matches, String verdict, String chain) {
        StringBuilder sb = new StringBuilder();
        for (String m : matches) {
            if (!m.isEmpty()) {
                sb.append(m).append(' ');
            }
        }
        return sb.append(newAndLimited()).append(' ').append(target(verdict, chain)).toString();
    }
}
