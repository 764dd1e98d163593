package io.netfence.agent.kernel;

import java.util.Locale;

/** {@code netfence.agent.iptables-mode}: which iptables backend the agent uses. */
public enum IptablesMode {
    /** Use the backend the node's existing rules (kubelet, kube-proxy) are in: {@link IptablesBackendDetector}. */
    AUTO,
    /** Always {@code iptables-nft} (the nf_tables kernel API). */
    NFT,
    /** Always {@code iptables-legacy} (the ip_tables kernel API). */
    LEGACY;

    /** The mode named {@code value} (any case), or null. */
    public static IptablesMode parse(String value) {
        for (IptablesMode m : values()) {
            if (m.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return m;
            }
        }
        return null;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
