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

    public KernelStateReader(CommandRunner runner, boolean ipv6) {
        this.runner = runner;
        this.ipv6 = ipv6;
    }

    /** Whether ip6tables is to be read and written (enabled and its binaries work). */
    public boolean ipv6Active() {
        return ipv6 && !ipv6Unavailable;
    }

    public KernelState read(boolean counters) {
        Map<IpFamily, IptablesTable> tables = new EnumMap<>(IpFamily.class);
        tables.put(IpFamily.IPV4, table(IpFamily.IPV4, counters));
        if (ipv6Active()) {
            CommandResult r = runner.run(Iptables.save(IpFamily.IPV6, counters), null);
            if (r.ok()) {
                tables.put(IpFamily.IPV6, IptablesTable.parse(r.stdout(), NetfenceNames::isChain));
            } else {
                ipv6Unavailable = true;
                log.warn("ip6tables-save failed, IPv6 rules are not managed on this node: {}", r.stderr().strip());
            }
        }
        return new KernelState(tables, ipsets());
    }

    /** The iptables side only (no ipsets), e.g. rule counters for drop statistics. */
    public KernelState readTables(boolean counters) {
        Map<IpFamily, IptablesTable> tables = new EnumMap<>(IpFamily.class);
        tables.put(IpFamily.IPV4, table(IpFamily.IPV4, counters));
        if (ipv6Active()) {
            CommandResult r = runner.run(Iptables.save(IpFamily.IPV6, counters), null);
            if (r.ok()) {
                tables.put(IpFamily.IPV6, IptablesTable.parse(r.stdout(), NetfenceNames::isChain));
            }
        }
        return new KernelState(tables, IpsetState.EMPTY);
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
