package io.netfence.admin.nodes;

/** Whether what a node's agent enforces is what the console compiles for that node from the live cluster. */
public enum NodeState {
    IN_SYNC("in sync", "ok"),
    PENDING("pending", "warn"),
    ERROR("error", "bad"),
    STALE("stale", "bad"),
    NO_AGENT("no agent", "muted"),
    VERSION_SKEW("version skew", "warn");

    private final String text;
    private final String badge;

    NodeState(String text, String badge) {
        this.text = text;
        this.badge = badge;
    }

    public String text() {
        return text;
    }

    /** The CSS badge class. */
    public String badge() {
        return badge;
    }

    /** In sync or failed: nothing more will happen without a new change (a push has finished on such a node). */
    public boolean settled() {
        return this == IN_SYNC || this == ERROR;
    }
}
