package io.netfence.agent.apply;

import java.util.List;

/** An address family and the binaries that program it. */
public enum Family {
    V4("iptables-restore", "iptables-save", "inet"),
    V6("ip6tables-restore", "ip6tables-save", "inet6");

    private final String restore;
    private final String save;
    private final String ipsetFamily;

    Family(String restore, String save, String ipsetFamily) {
        this.restore = restore;
        this.save = save;
        this.ipsetFamily = ipsetFamily;
    }

    /** {@code iptables-restore -w --noflush}: replaces only the chains the script names. */
    public List<String> restoreCommand() {
        return List.of(restore, "-w", "--noflush");
    }

    public List<String> saveCommand(boolean counters) {
        return counters ? List.of(save, "-c", "-t", "filter") : List.of(save, "-t", "filter");
    }

    public String ipsetFamily() {
        return ipsetFamily;
    }
}
