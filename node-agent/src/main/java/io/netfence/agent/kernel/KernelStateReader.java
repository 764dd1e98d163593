package io.netfence.agent.kernel;

import io.netfence.agent.apply.NetfenceNames;
import io.netfence.engine.compile.IpFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads netfence's objects from the kernel: {@code iptables-save -t filter} per family and {@code ipset save}. */
public final class KernelStateReader {

    private static final Logger log = LoggerFactory.getLogger(KernelStateReader.class);

    private final CommandRunner runner;
    private final boolean ipv6;
    private volatile boolean ipv6Unavailable;
    private volatile boolean ipv6Probed;

    public KernelStateReader(CommandRunner runner, boolean ipv6) {
        this.runner = runner;
        this.ipv6 = ipv6;
    }

    /**
     * Whether ip6tables is to be read and written (enabled and its binaries work). Probed with one
     * {@code ip6tables-save} on first use, so a node without usable ip6tables enforces IPv4 from the first sync
     * instead of failing every IPv6 apply.
     */
    public boolean ipv6Active() {
        if (ipv6 && !ipv6Probed) {
            ipv6Probed = true;
            ipv6Table(false);
        }
        return ipv6 && !ipv6Unavailable;
    }

    public KernelState read(boolean counters) {
        return new KernelState(tables(counters), ipsets());
    }

    /** The iptables side only (no ipsets), e.g. rule counters for drop statistics. */
    public KernelState readTables(boolean counters) {
        return new KernelState(tables(counters), IpsetState.EMPTY);
    }

    private Map<IpFamily, IptablesTable> tables(boolean counters) {
        Map<IpFamily, IptablesTable> tables = new EnumMap<>(IpFamily.class);
        tables.put(IpFamily.IPV4, table(IpFamily.IPV4, counters));
        if (ipv6Active()) {
            IptablesTable t = ipv6Table(counters);
            if (t != null) {
                tables.put(IpFamily.IPV6, t);
            }
        }
        return tables;
    }

    private IptablesTable ipv6Table(boolean counters) {
        CommandResult r = runner.run(Iptables.save(IpFamily.IPV6, counters), null);
        if (r.ok()) {
            return IptablesTable.parse(r.stdout(), NetfenceNames::isChain);
        }
        ipv6Unavailable = true;
        log.warn("ip6tables-save failed, IPv6 rules are not managed on this node: {}", r.stderr().strip());
        return null;
    }

    public IptablesTable table(IpFamily family, boolean counters) {
        return IptablesTable.parse(runner.check(Iptables.save(family, counters), null), NetfenceNames::isChain);
    }

    public IpsetState ipsets() {
        return IpsetState.parse(runner.check(Iptables.ipsetSave(), null), NetfenceNames::isSet);
    }

    /** Only the names of netfence's sets ({@code ipset list -n}), members left empty: cheap. */
    public IpsetState ipsetNames() {
        Map<String, IpsetState.SetState> sets = new LinkedHashMap<>();
        for (String line : runner.check(java.util.List.of("ipset", "list", "-n"), null).split("\n")) {
            String n = line.strip();
            if (!n.isEmpty() && NetfenceNames.isSet(n)) {
                Set<String> none = new TreeSet<>();
                sets.put(n, new IpsetState.SetState(n, null, null, none));
            }
        }
        return new IpsetState(sets);
    }
}
