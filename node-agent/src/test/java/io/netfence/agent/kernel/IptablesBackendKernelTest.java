package io.netfence.agent.kernel;

import io.netfence.agent.dataplane.KernelFeature;
import io.netfence.agent.dataplane.RequiresRoot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IptablesBackendDetector} against real iptables 1.8 backends in a scratch network namespace: rules like
 * kube-proxy's are created with {@code iptables-legacy}, {@code iptables-nft} or both, and the detector must pick
 * the backend holding them.
 */
@RequiresRoot(tools = {"ip", "iptables-nft", "iptables-nft-save", "iptables-legacy", "iptables-legacy-save",
        "ip6tables-nft-save", "ip6tables-legacy-save"}, features = {KernelFeature.NETNS, KernelFeature.IPTABLES_LEGACY})
class IptablesBackendKernelTest {

    /** {@code rules} kube-proxy-like rules (a jump into KUBE-SERVICES, then service DNATs) with {@code binary}. */
    static String kubeProxyRules(String binary, int rules) {
        boolean v6 = binary.startsWith("ip6");
        StringBuilder sh = new StringBuilder(binary + " -t nat -N KUBE-SERVICES");
        sh.append(" && ").append(binary).append(" -t nat -A PREROUTING -m comment --comment kubernetes-service-portals -j KUBE-SERVICES");
        for (int i = 1; i < rules; i++) {
            sh.append(" && ").append(binary).append(" -t nat -A KUBE-SERVICES -d ").append(v6 ? "fd00::" + i + "/128" : "10.96.0." + i + "/32")
                    .append(" -p tcp --dport 443 -j DNAT --to-destination ").append(v6 ? "[fd01::" + i + "]" : "192.168.0." + i).append(":6443");
        }
        return sh.toString();
    }

    static IptablesBackend detect(ScratchNetns ns) {
        IptablesBackendDetector.Choice c = new IptablesBackendDetector(ns.runner()).detect();
        System.out.println(ns.name() + ": " + c);
        return c.backend();
    }

    @Test
    void rulesOnlyInLegacyChooseLegacy() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh(kubeProxyRules("iptables-legacy", 4));
            assertThat(detect(ns)).isEqualTo(IptablesBackend.LEGACY);
        }
    }

    @Test
    void rulesOnlyInNftChooseNft() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh(kubeProxyRules("iptables-nft", 4));
            assertThat(detect(ns)).isEqualTo(IptablesBackend.NFT);
        }
    }

    @Test
    void noRulesAtAllChooseNft() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            assertThat(detect(ns)).isEqualTo(IptablesBackend.NFT);
        }
    }

    @Test
    void rulesInBothChooseTheOneWithMoreAndATieChoosesNft() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh(kubeProxyRules("iptables-legacy", 6) + " && " + kubeProxyRules("iptables-nft", 3));
            assertThat(detect(ns)).isEqualTo(IptablesBackend.LEGACY);
        }
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh(kubeProxyRules("iptables-legacy", 3) + " && " + kubeProxyRules("ip6tables-nft", 6));
            assertThat(detect(ns)).as("ip6tables rules count").isEqualTo(IptablesBackend.NFT);
        }
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh(kubeProxyRules("iptables-legacy", 4) + " && " + kubeProxyRules("iptables-nft", 4));
            assertThat(detect(ns)).as("a tie").isEqualTo(IptablesBackend.NFT);
        }
    }

    @Test
    void kubeletsHintChainInLegacyWinsOverMoreNftRules() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh("iptables-legacy -t mangle -N KUBE-IPTABLES-HINT && " + kubeProxyRules("iptables-nft", 8));
            assertThat(detect(ns)).isEqualTo(IptablesBackend.LEGACY);
        }
    }

    @Test
    void netfencesOwnRulesDoNotVoteForTheBackendTheyAreIn() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh("iptables-legacy -N NETFENCE-FORWARD && iptables-legacy -A NETFENCE-FORWARD -j DROP"
                    + " && iptables-legacy -A NETFENCE-FORWARD -j ACCEPT"
                    + " && iptables-legacy -I FORWARD -m comment --comment netfence -j NETFENCE-FORWARD && "
                    + kubeProxyRules("iptables-nft", 2));
            assertThat(detect(ns)).isEqualTo(IptablesBackend.NFT);
        }
    }

    @Test
    void detectionCreatesNoLegacyTable() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh(kubeProxyRules("iptables-nft", 3));
            String before = ns.sh("cat /proc/net/ip_tables_names 2>/dev/null; true");
            detect(ns);
            assertThat(ns.sh("cat /proc/net/ip_tables_names 2>/dev/null; true")).isEqualTo(before);
        }
    }
}
