package io.netfence.agent.kernel;

import io.netfence.engine.compile.IpFamily;

import java.util.List;

/** The iptables command lines the agent uses, per family. All of them wait for the xtables lock ({@code -w}). */
public final class Iptables {

    private Iptables() {
    }

    /** {@code iptables-restore -w --noflush}: changes only the chains the script names, in one transaction. */
    public static List<String> restore(IpFamily f) {
        return List.of(f.command() + "-restore", "-w", "--noflush");
    }

    /** {@code iptables-save -t filter}, with counters if asked ({@code -c}). */
    public static List<String> save(IpFamily f, boolean counters) {
        return counters ? List.of(f.command() + "-save", "-c", "-t", "filter") : List.of(f.command() + "-save", "-t", "filter");
    }

    /**
     * {@code iptables-save} of every table that exists: unlike {@code -t filter}, it never makes the legacy backend
     * create a table, so it can look at a backend the node does not use without changing it.
     */
    public static List<String> saveAll(IpFamily f) {
        return List.of(f.command() + "-save");
    }

    public static List<String> ipsetSave() {
        return List.of("ipset", "save");
    }

    public static List<String> ipsetRestore() {
        return List.of("ipset", "restore");
    }
}
