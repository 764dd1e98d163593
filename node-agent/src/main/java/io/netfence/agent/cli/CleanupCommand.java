package io.netfence.agent.cli;

import io.netfence.agent.apply.NetfenceNames;
import io.netfence.agent.kernel.BackendCommandRunner;
import io.netfence.agent.kernel.CommandResult;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.Iptables;
import io.netfence.agent.kernel.IptablesBackend;
import io.netfence.agent.kernel.IpsetState;
import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.ProcessCommandRunner;
import io.netfence.engine.compile.IpFamily;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code node-agent cleanup [--netns NAME] [--iptables-mode both|nft|legacy]}: removes every netfence jump, chain
 * and ipset from this node (for uninstall) and exits 0, also when there is nothing to remove. Runs without Spring.
 * By default both iptables backends are cleaned, so the rules go whichever backend an agent chose. Jumps and chains
 * go in one {@code iptables-restore --noflush} transaction per backend and family; sets afterwards, once nothing
 * refers to them.
 */
public final class CleanupCommand {

    static final String USAGE = """
            usage: node-agent cleanup [--netns NAME] [--iptables-mode both|nft|legacy]
              removes every NETFENCE-* chain, the jumps into them and every netfence ipset (nf*)
              --netns NAME                 in network namespace NAME (ip netns exec) instead of this one
              --iptables-mode MODE         the iptables backends to clean (default both: a backend whose
                                           -save fails, e.g. without its kernel module, is skipped)""";

    private final CommandRunner runner;
    private final PrintStream out;

    public CleanupCommand(CommandRunner runner, PrintStream out) {
        this.runner = runner;
        this.out = out;
    }

    public static int main(List<String> args, PrintStream out, PrintStream err) {
        List<String> prefix = new ArrayList<>();
        List<IptablesBackend> backends = List.of(IptablesBackend.values());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--netns") && i + 1 < args.size()) {
                prefix = List.of("ip", "netns", "exec", args.get(++i));
            } else if (a.equals("--iptables-mode") && i + 1 < args.size()) {
                String mode = args.get(++i);
                switch (mode) {
                    case "both" -> backends = List.of(IptablesBackend.values());
                    case "nft" -> backends = List.of(IptablesBackend.NFT);
                    case "legacy" -> backends = List.of(IptablesBackend.LEGACY);
                    default -> {
                        err.println("cleanup: --iptables-mode \"" + mode + "\": use both, nft or legacy");
                        return 2;
                    }
                }
            } else if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else {
                err.println("cleanup: unknown argument \"" + a + "\" (usage: node-agent cleanup [--netns NAME] [--iptables-mode both|nft|legacy])");
                return 2;
            }
        }
        try {
            new CleanupCommand(new ProcessCommandRunner(prefix), out).run(backends);
            return 0;
        } catch (RuntimeException e) {
            err.println("cleanup failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Cleans {@code backends}. A backend whose IPv4 -save fails is skipped when several were asked for and at
     * least one worked, and is an error when it was the only one.
     */
    public void run(List<IptablesBackend> backends) {
        List<String> failures = new ArrayList<>();
        for (IptablesBackend b : backends) {
            String failure = clean(new BackendCommandRunner(b, runner), b);
            if (failure != null) {
                failures.add(failure);
            }
        }
        if (failures.size() == backends.size()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
        IpsetState sets = IpsetState.parse(runner.check(Iptables.ipsetSave(), null), NetfenceNames::isSet);
        if (sets.names().isEmpty()) {
            out.println("ipset: nothing to remove");
            return;
        }
        StringBuilder sb = new StringBuilder();
        sets.names().forEach(n -> sb.append("flush ").append(n).append('\n'));
        sets.names().forEach(n -> sb.append("destroy ").append(n).append('\n'));
        runner.check(Iptables.ipsetRestore(), sb.toString());
        out.println("ipset: removed " + sets.names().size() + " sets");
    }

    /** Removes netfence's chains from one backend; the reason when its IPv4 side cannot be read, else null. */
    private String clean(CommandRunner backendRunner, IptablesBackend backend) {
        for (IpFamily f : IpFamily.values()) {
            String name = backend.binary(f.command());
            CommandResult save = backendRunner.run(Iptables.saveAll(f), null);
            if (!save.ok()) {
                out.println(name + ": not usable here, skipped: " + save.stderr().strip());
                if (f == IpFamily.IPV4) {
                    return name + "-save: " + save.stderr().strip();
                }
                continue;
            }
            IptablesTable t = IptablesTable.parse(save.stdout(), NetfenceNames::isChain);
            int hooks = t.hooks().values().stream().mapToInt(List::size).sum();
            if (hooks == 0 && t.chains().isEmpty()) {
                out.println(name + ": nothing to remove");
                continue;
            }
            StringBuilder sb = new StringBuilder("*filter\n");
            t.hooks().values().forEach(hs -> hs.forEach(h -> sb.append("-D ").append(h.builtinChain()).append(' ').append(h.body()).append('\n')));
            t.chains().keySet().forEach(c -> sb.append("-F ").append(c).append('\n'));
            t.chains().keySet().forEach(c -> sb.append("-X ").append(c).append('\n'));
            sb.append("COMMIT\n");
            backendRunner.check(Iptables.restore(f), sb.toString());
            out.println(name + ": removed " + hooks + " jumps and " + t.chains().size() + " chains");
        }
        return null;
    }
}
