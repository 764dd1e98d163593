package io.netfence.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent's command line: {@code node-agent [--PROPERTY=VALUE ...]} starts the agent; {@code render},
 * {@code cleanup} and {@code version} are offline subcommands. Everything except starting the agent runs without
 * Spring, and every mistake is one line on stderr with exit code 2, never a stack trace.
 */
public final class AgentCommandLine {

    /** Returned when the agent was started: its threads keep the JVM alive, nothing must exit. */
    public static final int AGENT_RUNNING = -1;

    static final String USAGE = """
            usage: node-agent [--PROPERTY=VALUE ...]    run the agent (a DaemonSet pod: one per node)
                   node-agent render ...                compile node rulesets from a kubectl dump, offline
                   node-agent cleanup [--netns NAME]    remove every netfence chain, jump and ipset from this node
                   node-agent version                   print the agent's and the compiler's versions
                   node-agent --help                    this text; `node-agent SUBCOMMAND --help` for a subcommand

            The agent reads its settings from the environment and Spring properties, for example:
              NODE_NAME (--netfence.agent.node-name)   the node to enforce; required (downward API spec.nodeName)
              --netfence.agent.iptables-mode=auto|nft|legacy
                                                       iptables backend; auto uses the one the node's rules are in
              --netfence.agent.ipv6=false              do not program ip6tables
              --server.port=9477                       metrics and health (/actuator/health, /actuator/prometheus)
            All settings: docs/operations.md.""";

    private AgentCommandLine() {
    }

    /**
     * Runs what {@code args} ask for and returns the process exit code, or {@link #AGENT_RUNNING} after handing
     * {@code args} to {@code startAgent}.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Consumer<String[]> startAgent) {
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        String first = args.length == 0 ? "" : args[0];
        switch (first) {
            case "-h", "--help", "help" -> {
                out.println(USAGE);
                out.println();
                out.println(RenderCommand.USAGE);
                out.println();
                out.println(CleanupCommand.USAGE);
                out.println();
                out.println(VersionCommand.USAGE);
                return 0;
            }
            case "render" -> {
                return RenderCommand.main(rest, out, err);
            }
            case "cleanup" -> {
                return CleanupCommand.main(rest, out, err);
            }
            case "version", "--version" -> {
                return VersionCommand.main(rest, out, err);
            }
            default -> {
                return startAgent(args, err, startAgent);
            }
        }
    }

    private static int startAgent(String[] args, PrintStream err, Consumer<String[]> startAgent) {
        for (String a : args) {
            if (!a.startsWith("--")) {
                err.println("node-agent: unknown subcommand or argument \"" + a + "\" (agent settings are --PROPERTY=VALUE)");
                err.println(USAGE);
                return 2;
            }
        }
        String missing = AgentSettingsCheck.problem(args);
        if (missing != null) {
            err.println("node-agent: " + missing);
            return 2;
        }
        try {
            startAgent.accept(args);
            return AGENT_RUNNING;
        } catch (RuntimeException e) {
            // Spring has reported why (failure analysis or the logged exception); do not print it a second time
            return 1;
        }
    }
}
