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

    /**
     * Nothing more will happen on this node without a new change, so a push result stops waiting for it: in sync,
     * failed, no agent to enforce anything, or an agent whose compiler version makes its hash incomparable.
     * Pending and stale nodes may still catch up.
     */
    public boolean settled() {
        return this == IN_SYNC || this == ERROR || this == NO_AGENT || this == VERSION_SKEW;
    }
}
