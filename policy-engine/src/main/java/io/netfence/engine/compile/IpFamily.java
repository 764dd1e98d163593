package io.netfence.engine.compile;

/** An address family: IPv4 rules go to iptables and {@code family inet} sets, IPv6 to ip6tables and {@code inet6}. */
public enum IpFamily {
    IPV4("inet", "nf", "icmp-port-unreachable", "iptables"),
    IPV6("inet6", "nf6", "icmp6-port-unreachable", "ip6tables");

    private final String ipsetFamily;
    private final String setPrefix;
    private final String rejectWith;
    private final String command;

    IpFamily(String ipsetFamily, String setPrefix, String rejectWith, String command) {
        this.ipsetFamily = ipsetFamily;
        this.setPrefix = setPrefix;
        this.rejectWith = rejectWith;
        this.command = command;
    }

    /** {@code inet} or {@code inet6}, as {@code ipset create ... family X} spells it. */
    public String ipsetFamily() {
        return ipsetFamily;
    }

    /** The prefix of every netfence set name of this family: {@code nf} or {@code nf6}. */
    public String setPrefix() {
        return setPrefix;
    }

    /** The ICMP reply for rejected non-TCP packets. */
    public String rejectWith() {
        return rejectWith;
    }

    /** {@code iptables} or {@code ip6tables}. */
    public String command() {
        return command;
    }

    /** The host prefix length: 32 or 128. */
    public int hostBits() {
        return this == IPV4 ? 32 : 128;
    }

    public static IpFamily of(String ip) {
        return ip.indexOf(':') >= 0 ? IPV6 : IPV4;
    }
}
