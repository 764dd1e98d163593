package io.netfence.agent.kernel;

import java.util.List;

/**
 * Runs iptables/ipset commands. The production runner execs processes (optionally under a prefix such as
 * {@code ip netns exec NODE}); tests substitute fakes to observe or fail commands.
 */
public interface CommandRunner {

    /** Runs {@code argv} with {@code stdin} (may be null) and returns its result; never throws for a non-zero exit. */
    CommandResult run(List<String> argv, String stdin);

    /** Runs and throws {@link CommandFailedException} (with stderr) on a non-zero exit. */
    default String check(List<String> argv, String stdin) {
        CommandResult r = run(argv, stdin);
        if (!r.ok()) {
            throw new CommandFailedException(argv, stdin, r);
        }
        return r.stdout();
    }
}
