package io.netfence.agent.cli;

import io.netfence.agent.dataplane.KernelFeature;
import io.netfence.agent.dataplane.RequiresRoot;
import io.netfence.agent.kernel.ScratchNetns;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CleanupCommandTest {

    @Test
    void removesEveryNetfenceObjectKeepsOthersAndIsIdempotent() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh("ipset create nf-a hash:ip && ipset add nf-a 10.0.0.1 && ipset create other hash:ip"
                    + " && iptables-nft -N NETFENCE-FORWARD && iptables-nft -N NETFENCE-X"
                    + " && iptables-nft -A NETFENCE-FORWARD -m set --match-set nf-a src -j NETFENCE-X"
                    + " && iptables-nft -I FORWARD 1 -m comment --comment netfence -j NETFENCE-FORWARD"
                    + " && iptables-nft -A FORWARD -j ACCEPT && iptables-nft -N KUBE-Y && iptables-nft -A OUTPUT -j KUBE-Y"
                    + " && ipset create nf6-b hash:ip family inet6 && ip6tables-nft -N NETFENCE-FORWARD"
                    + " && ip6tables-nft -A NETFENCE-FORWARD -m set --match-set nf6-b src -j DROP"
                    + " && ip6tables-nft -I FORWARD 1 -m comment --comment netfence -j NETFENCE-FORWARD && ip6tables-nft -A FORWARD -j ACCEPT");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int rc = CleanupCommand.main(List.of("--netns", ns.name()), new PrintStream(out), new PrintStream(err));

            assertThat(rc).as(err.toString()).isZero();
            assertThat(out.toString()).contains("iptables-nft: removed 1 jumps and 2 chains", "ip6tables-nft: removed 1 jumps and 1 chains",
                    "ipset: removed 2 sets");
            String save = ns.sh("iptables-nft-save -t filter");
            assertThat(save).doesNotContain("NETFENCE").contains("-A FORWARD -j ACCEPT", "-A OUTPUT -j KUBE-Y");
            assertThat(ns.sh("ip6tables-nft-save -t filter")).doesNotContain("NETFENCE").contains("-A FORWARD -j ACCEPT");
            assertThat(ns.sh("ipset list -n").strip()).isEqualTo("other");

            out.reset();
            assertThat(CleanupCommand.main(List.of("--netns", ns.name()), new PrintStream(out), new PrintStream(err))).isZero();
            assertThat(out.toString()).contains("iptables-nft: nothing to remove", "ip6tables-nft: nothing to remove", "ipset: nothing to remove");
        }
    }

    @Test
    @RequiresRoot(tools = {"ip", "iptables-legacy", "iptables-nft", "ipset"}, features = {KernelFeature.NETNS, KernelFeature.IPTABLES_LEGACY})
    void cleansTheLegacyBackendTooAndAModeRestrictsItToOne() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            String chains = " -N NETFENCE-FORWARD && %1$s -A NETFENCE-FORWARD -j DROP"
                    + " && %1$s -I FORWARD 1 -m comment --comment netfence -j NETFENCE-FORWARD && %1$s -A FORWARD -j ACCEPT";
            ns.sh("iptables-legacy" + chains.formatted("iptables-legacy") + " && iptables-nft" + chains.formatted("iptables-nft"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int rc = CleanupCommand.main(List.of("--netns", ns.name(), "--iptables-mode", "nft"), new PrintStream(out), new PrintStream(err));

            assertThat(rc).as(err.toString()).isZero();
            assertThat(out.toString()).contains("iptables-nft: removed 1 jumps and 1 chains").doesNotContain("legacy");
            assertThat(ns.sh("iptables-nft-save -t filter")).doesNotContain("NETFENCE");
            assertThat(ns.sh("iptables-legacy-save -t filter")).contains("-A FORWARD -m comment --comment netfence -j NETFENCE-FORWARD");

            out.reset();
            assertThat(CleanupCommand.main(List.of("--netns", ns.name()), new PrintStream(out), new PrintStream(err))).as(err.toString()).isZero();
            assertThat(out.toString()).contains("iptables-legacy: removed 1 jumps and 1 chains", "iptables-nft: nothing to remove");
            assertThat(ns.sh("iptables-legacy-save -t filter")).doesNotContain("NETFENCE").contains("-A FORWARD -j ACCEPT");
        }
    }

    @Test
    void rejectsUnknownArguments() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(CleanupCommand.main(List.of("--bogus"), System.out, new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("--bogus");
    }
}
