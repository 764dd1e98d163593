package io.netfence.agent.kernel;

import io.netfence.agent.apply.NetfenceNames;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the iptables backend the node already uses, the way kubernetes-sigs/iptables-wrappers does, in order:
 * <ol>
 *   <li>kubelet (1.17+) creates {@code KUBE-IPTABLES-HINT} or {@code KUBE-KUBELET-CANARY} in the mangle table of
 *       the backend it uses: found with {@code iptables-nft-save -t mangle} (and ip6tables) → nft; found in the full
 *       {@code iptables-legacy-save} output (and ip6tables) → legacy. The legacy side is never asked for one table:
 *       {@code -t mangle} would load that table into the kernel;</li>
 *   <li>otherwise the rules ({@code -A} lines) of both families in each backend's full {@code -save} output are
 *       counted; legacy wins only with strictly more rules. A tie, no rules at all and a backend that cannot be read
 *       (binary missing, kernel module absent: counted as 0) give nft, the default of current distributions.</li>
 * </ol>
 * Unlike the wrappers, netfence's own chains and the jumps into them are not counted, so an agent restarted on a
 * node where it once chose a backend decides by the host's rules again instead of by its own.
 */
public final class IptablesBackendDetector {

    private static final Pattern KUBELET_HINT = Pattern.compile("(?m)^:(KUBE-IPTABLES-HINT|KUBE-KUBELET-CANARY) ");

    /** The backend and why: logged and exported as a metric label. */
    public record Choice(IptablesBackend backend, IptablesMode mode, String reason) {
    }

    private final CommandRunner runner;

    /** {@code runner} runs commands as given (with the node's prefix, if any), not through a backend. */
    public IptablesBackendDetector(CommandRunner runner) {
        this.runner = runner;
    }

    public Choice choose(IptablesMode mode) {
        return switch (mode) {
            case NFT -> new Choice(IptablesBackend.NFT, mode, "netfence.agent.iptables-mode=nft");
            case LEGACY -> new Choice(IptablesBackend.LEGACY, mode, "netfence.agent.iptables-mode=legacy");
            case AUTO -> detect();
        };
    }

    public Choice detect() {
        String nftMangle = save(IptablesBackend.NFT, "-t", "mangle");
        if (KUBELET_HINT.matcher(nftMangle).find()) {
            return new Choice(IptablesBackend.NFT, IptablesMode.AUTO, "kubelet's hint chain is in iptables-nft (mangle table)");
        }
        String legacy = save(IptablesBackend.LEGACY);
        if (KUBELET_HINT.matcher(legacy).find()) {
            return new Choice(IptablesBackend.LEGACY, IptablesMode.AUTO, "kubelet's hint chain is in iptables-legacy (mangle table)");
        }
        long legacyRules = countRules(legacy);
        long nftRules = countRules(save(IptablesBackend.NFT));
        String counts = "no kubelet hint chain; " + legacyRules + " rules in iptables-legacy, " + nftRules + " in iptables-nft";
        if (legacyRules > nftRules) {
            return new Choice(IptablesBackend.LEGACY, IptablesMode.AUTO, counts);
        }
        return new Choice(IptablesBackend.NFT, IptablesMode.AUTO, counts + (legacyRules == 0 && nftRules == 0 ? " (no rules: nft)"
                : legacyRules == nftRules ? " (a tie means nft)" : ""));
    }

    /** {@code iptables-B-save ARGS} and {@code ip6tables-B-save ARGS}, concatenated; a failing command counts as empty. */
    private String save(IptablesBackend backend, String... args) {
        StringBuilder out = new StringBuilder();
        for (String command : List.of("iptables-save", "ip6tables-save")) {
            List<String> argv = new ArrayList<>(List.of(backend.binary(command)));
            argv.addAll(List.of(args));
            CommandResult r = runner.run(argv, null);
            if (r.ok()) {
                out.append(r.stdout());
                if (!r.stdout().endsWith("\n")) {
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Rules in a -save output: {@code -A} lines, except those in or jumping to a netfence chain. */
    static long countRules(String save) {
        return save.lines().filter(l -> l.startsWith("-A ")).filter(l -> !isNetfence(l)).count();
    }

    private static boolean isNetfence(String rule) {
        String[] words = rule.split("\\s+");
        if (words.length > 1 && NetfenceNames.isChain(words[1])) {
            return true;
        }
        String target = IptablesTable.jumpTarget(rule);
        return target != null && NetfenceNames.isChain(target);
    }
}
