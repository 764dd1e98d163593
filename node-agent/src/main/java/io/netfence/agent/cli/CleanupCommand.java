package io.netfence.agent.cli;

import io.netfence.agent.apply.NetfenceNames;
import io.netfence.agent.kernel.CommandResult;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.Iptables;
import io.netfence.agent.kernel.IpsetState;
import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.ProcessCommandRunner;
import io.netfence.engine.compile.IpFamily;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code node-agent cleanup [--netns NAME]}: removes every netfence jump, chain and ipset from this node (for
 * uninstall) and exits 0, also when there is nothing to remove. Runs without Spring. Jumps and chains go in one
 * {@code iptables-restore --noflush} transaction per family; sets afterwards, once nothing refers to them.
 */
public final class CleanupCommand {

    private final CommandRunner runner;
    private final PrintStream out;

    public CleanupCommand(CommandRunner runner, PrintStream out) {
        this.runner = runner;
        this.out = out;
    }

    public static int main(List<String> args, PrintStream out, PrintStream err) {
        List<String> prefix = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--netns") && i + 1 < args.size()) {
                prefix = List.of("ip", "netns", "exec", args.get(++i));
            } else if (a.equals("-h") || a.equals("--help")) {
                out.println("usage: node-agent cleanup [--netns NAME]\n"
                        + "  removes every NETFENCE-* chain, the jumps into them and every netfence ipset (nf*)");
                return 0;
            } else {
                err.println("cleanup: unknown argument \"" + a + "\" (usage: node-agent cleanup [--netns NAME])");
                return 2;
            }
        }
        try {
            new CleanupCommand(new ProcessCommandRunner(prefix), out).run();
            return 0;
        } catch (RuntimeException e) {
            err.println("cleanup failed: " + e.getMessage());
            return 1;
        }
    }

    public void run() {
        for (IpFamily f : IpFamily.values()) {
            CommandResult save = runner.run(Iptables.save(f, false), null);
            if (!save.ok()) {
                if (f == IpFamily.IPV6) {
                    out.println("ip6tables not usable here, skipped: " + save.stderr().strip());
                    continue;
                }
                throw new IllegalStateException(String.join(" ", Iptables.save(f, false)) + ": " + save.stderr().strip());
            }
            IptablesTable t = IptablesTable.parse(save.stdout(), NetfenceNames::isChain);
            int hooks = t.hooks().values().stream().mapToInt(List::size).sum();
            if (hooks == 0 && t.chains().isEmpty()) {
                out.println(f.command() + ": nothing to remove");
                continue;
            }
            StringBuilder sb = new StringBuilder("*filter\n");
            t.hooks().values().forEach(hs -> hs.forEach(h -> sb.append("-D ").append(h.builtinChain()).append(' ').append(h.body()).append('\n')));
            t.chains().keySet().forEach(c -> sb.append("-F ").append(c).append('\n'));
            t.chains().keySet().forEach(c -> sb.append("-X ").append(c).append('\n'));
            sb.append("COMMIT\n");
            runner.check(Iptables.restore(f), sb.toString());
            out.println(f.command() + ": removed " + hooks + " jumps and " + t.chains().size() + " chains");
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
}
