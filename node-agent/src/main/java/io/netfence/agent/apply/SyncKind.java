package io.netfence.agent.apply;

/** What a sync had to touch. */
public enum SyncKind {
    /** Kernel already matches the desired ruleset. */
    NONE("none"),
    /** Only set members changed: sets swapped, no iptables-restore. */
    IPSET_ONLY("ipset-only"),
    /** Chains changed (or a repair): sets, then one iptables-restore per family, then stale objects removed. */
    FULL("full");

    private final String label;

    SyncKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
