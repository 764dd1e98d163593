package io.netfence.agent.cli;

import io.netfence.engine.compile.NodeRulesetCompiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Properties;

/**
 * {@code node-agent version}: the agent's version (from the build's {@code META-INF/build-info.properties}) and
 * the version of its ruleset compiler ({@code NodeRulesetCompiler.VERSION}):
 * two agents with the same compiler version produce the same rules from the same cluster state.
 */
final class VersionCommand {

    static final String USAGE = """
            usage: node-agent version
              prints the agent version and the ruleset compiler version""";

    private VersionCommand() {
    }

    static int main(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            out.println(USAGE);
            return 0;
        }
        if (!args.isEmpty()) {
            err.println("version: unknown argument \"" + args.get(0) + "\" (usage: node-agent version)");
            return 2;
        }
        out.println("netfence node-agent " + agentVersion());
        out.println("ruleset compiler " + compilerVersion());
        return 0;
    }

    static String agentVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("build.version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown (no META-INF/build-info.properties on the class path)";
    }

    /** The ruleset compiler's version: agents and the console compare hashes only when it is the same. */
    static String compilerVersion() {
        return NodeRulesetCompiler.VERSION;
    }
}
