package io.netfence.agent.kernel;

import java.util.Set;

/**
 * The two implementations of iptables 1.8+: {@code nft} (rules live in nf_tables) and {@code legacy} (the
 * ip_tables kernel API). Both can hold rules on one host at the same time and the kernel evaluates both, so a
 * jump added with the other backend than kube-proxy's silently runs before or after all of kube-proxy's rules.
 * Each backend has its own binaries ({@code iptables-nft-save}, {@code ip6tables-legacy-restore}, ...).
 */
public enum IptablesBackend {
    NFT("nft"),
    LEGACY("legacy");

    private static final Set<String> GENERIC = Set.of("iptables", "iptables-save", "iptables-restore",
            "ip6tables", "ip6tables-save", "ip6tables-restore");

    private final String label;

    IptablesBackend(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * This backend's binary for a generic iptables command name ({@code iptables-save} → {@code iptables-nft-save});
     * any other command unchanged.
     */
    public String binary(String command) {
        if (!GENERIC.contains(command)) {
            return command;
        }
        int dash = command.indexOf('-');
        return dash < 0 ? command + "-" + label : command.substring(0, dash) + "-" + label + command.substring(dash);
    }
}
