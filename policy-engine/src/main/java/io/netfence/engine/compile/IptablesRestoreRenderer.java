package io.netfence.engine.compile;

import java.util.List;

/** Renders chains and hooks as an {@code iptables-restore --noflush} script for the filter table. */
public final class IptablesRestoreRenderer {

    private IptablesRestoreRenderer() {
    }

    /**
     * Chain declarations ({@code :NAME - [0:0]}: creates the chain or, with {@code --noflush}, empties it), then
     * every rule, then the hook insertions. The empty string for no chains.
     */
    public static String render(List<ChainSpec> chains, List<HookSpec> hooks) {
        if (chains.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(4096);
        sb.append("*filter\n");
        for (ChainSpec c : chains) {
            sb.append(':').append(c.name()).append(" - [0:0]\n");
        }
        for (ChainSpec c : chains) {
            for (String rule : c.rules()) {
                sb.append("-A ").append(c.name()).append(' ').append(rule).append('\n');
            }
        }
        for (HookSpec h : hooks) {
            sb.append(h.insertLine()).append('\n');
        }
        sb.append("COMMIT\n");
        return sb.toString();
    }
}
