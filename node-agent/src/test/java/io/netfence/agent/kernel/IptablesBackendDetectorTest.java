package io.netfence.agent.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision of {@link IptablesBackendDetector}, on canned -save outputs. */
class IptablesBackendDetectorTest {

    /** Answers each command line from a map; an unknown command fails like a missing binary. */
    static final class FakeRunner implements CommandRunner {
        final Map<String, String> outputs = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        FakeRunner with(String command, String stdout) {
            outputs.put(command, stdout);
            return this;
        }

        @Override
        public CommandResult run(List<String> argv, String stdin) {
            String cmd = String.join(" ", argv);
            calls.add(cmd);
            String out = outputs.get(cmd);
            return out == null ? new CommandResult(127, "", "cannot run " + cmd) : new CommandResult(0, out, "");
        }
    }

    static String save(int rules, String chainPrefix) {
        StringBuilder sb = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n:" + chainPrefix + "-X - [0:0]\n");
        for (int i = 0; i < rules; i++) {
            sb.append("-A ").append(chainPrefix).append("-X -d 10.96.0.").append(i).append("/32 -j ACCEPT\n");
        }
        return sb.append("COMMIT\n").toString();
    }

    static final String EMPTY = "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n";

    static FakeRunner counts(int legacy, int nft) {
        return new FakeRunner()
                .with("iptables-nft-save -t mangle", "*mangle\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n")
                .with("ip6tables-nft-save -t mangle", "*mangle\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n")
                .with("iptables-legacy-save", save(legacy, "KUBE"))
                .with("ip6tables-legacy-save", EMPTY)
                .with("iptables-nft-save", save(nft, "KUBE"))
                .with("ip6tables-nft-save", EMPTY);
    }

    static IptablesBackendDetector.Choice detect(FakeRunner r) {
        return new IptablesBackendDetector(r).choose(IptablesMode.AUTO);
    }

    @Test
    void theBackendWithMoreRulesWinsATieAndNothingMeanNft() {
        assertThat(detect(counts(12, 0)).backend()).isEqualTo(IptablesBackend.LEGACY);
        assertThat(detect(counts(0, 12)).backend()).isEqualTo(IptablesBackend.NFT);
        assertThat(detect(counts(7, 3)).backend()).isEqualTo(IptablesBackend.LEGACY);
        assertThat(detect(counts(3, 7)).backend()).isEqualTo(IptablesBackend.NFT);
        IptablesBackendDetector.Choice tie = detect(counts(5, 5));
        assertThat(tie.backend()).isEqualTo(IptablesBackend.NFT);
        assertThat(tie.reason()).contains("5 rules in iptables-legacy, 5 in iptables-nft", "a tie means nft");
        assertThat(detect(counts(0, 0)).backend()).isEqualTo(IptablesBackend.NFT);
    }

    @Test
    void ip6tablesRulesCountToo() {
        FakeRunner r = counts(1, 2).with("ip6tables-legacy-save", save(3, "KUBE"));
        assertThat(detect(r).backend()).isEqualTo(IptablesBackend.LEGACY);
        assertThat(detect(r).reason()).contains("4 rules in iptables-legacy, 2 in iptables-nft");
    }

    @Test
    void netfencesOwnChainsAndJumpsDoNotCount() {
        String legacy = "*filter\n:FORWARD ACCEPT [0:0]\n:NETFENCE-FORWARD - [0:0]\n"
                + "-A FORWARD -m comment --comment netfence -j NETFENCE-FORWARD\n"
                + "-A NETFENCE-FORWARD -m set --match-set nf-a src -j ACCEPT\n-A NETFENCE-FORWARD -j DROP\nCOMMIT\n";
        FakeRunner r = counts(0, 1).with("iptables-legacy-save", legacy);
        assertThat(IptablesBackendDetector.countRules(legacy)).isZero();
        assertThat(detect(r).backend()).isEqualTo(IptablesBackend.NFT);
    }

    @Test
    void kubeletsHintChainDecidesBeforeCounting() {
        FakeRunner nftHint = counts(50, 0).with("ip6tables-nft-save -t mangle", "*mangle\n:KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n");
        assertThat(detect(nftHint).backend()).isEqualTo(IptablesBackend.NFT);
        assertThat(detect(nftHint).reason()).contains("hint chain is in iptables-nft");

        FakeRunner legacyHint = counts(0, 50).with("iptables-legacy-save",
                "*mangle\n:PREROUTING ACCEPT [0:0]\n:KUBE-KUBELET-CANARY - [0:0]\nCOMMIT\n");
        assertThat(detect(legacyHint).backend()).isEqualTo(IptablesBackend.LEGACY);
        assertThat(legacyHint.calls).as("legacy is never asked for one table: -t would create it")
                .noneMatch(c -> c.startsWith("iptables-legacy-save -t") || c.startsWith("ip6tables-legacy-save -t"));
    }

    @Test
    void anUnreadableBackendCountsAsEmpty() {
        FakeRunner noLegacy = counts(0, 2);
        noLegacy.outputs.remove("iptables-legacy-save");
        noLegacy.outputs.remove("ip6tables-legacy-save");
        assertThat(detect(noLegacy).backend()).isEqualTo(IptablesBackend.NFT);
        FakeRunner noNft = counts(2, 0);
        noNft.outputs.keySet().removeIf(k -> k.contains("-nft-"));
        assertThat(detect(noNft).backend()).isEqualTo(IptablesBackend.LEGACY);
    }

    @Test
    void anExplicitModeRunsNoCommand() {
        FakeRunner r = counts(100, 0);
        IptablesBackendDetector.Choice nft = new IptablesBackendDetector(r).choose(IptablesMode.NFT);
        assertThat(nft.backend()).isEqualTo(IptablesBackend.NFT);
        assertThat(nft.reason()).isEqualTo("netfence.agent.iptables-mode=nft");
        assertThat(new IptablesBackendDetector(r).choose(IptablesMode.LEGACY).backend()).isEqualTo(IptablesBackend.LEGACY);
        assertThat(r.calls).isEmpty();
    }

    @Test
    void theBackendRunnerUsesTheBackendsBinariesForEveryIptablesCommand() {
        FakeRunner r = new FakeRunner();
        BackendCommandRunner legacy = new BackendCommandRunner(IptablesBackend.LEGACY, r);
        legacy.run(Iptables.restore(io.netfence.engine.compile.IpFamily.IPV4), "");
        legacy.run(Iptables.save(io.netfence.engine.compile.IpFamily.IPV6, true), null);
        legacy.run(List.of("iptables", "-S"), null);
        legacy.run(List.of("ip6tables", "-S"), null);
        legacy.run(Iptables.ipsetSave(), null);
        new BackendCommandRunner(IptablesBackend.NFT, r).run(Iptables.saveAll(io.netfence.engine.compile.IpFamily.IPV4), null);
        assertThat(r.calls).containsExactly("iptables-legacy-restore -w --noflush", "ip6tables-legacy-save -c -t filter",
                "iptables-legacy -S", "ip6tables-legacy -S", "ipset save", "iptables-nft-save");
    }
}
