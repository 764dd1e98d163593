package io.netfence.agent.cli;

import io.netfence.engine.compile.NodeRulesetCompiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Properties;

/**
 * {@code node-agent version}: the agent's version (from the build's {@code META-INF/build-info.properties}) and,
 * when the policy engine declares one, the version of its ruleset compiler ({@code NodeRulesetCompiler.VERSION}):
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
        String compiler = compilerVersion();
        if (compiler != null) {
            out.println("ruleset compiler " + compiler);
        }
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

    /**
     * Looked up reflectively because older policy-engine builds have no compiler version; null then.
     * TODO(integration): a direct reference once NodeRulesetCompiler.VERSION is merged.
     */
    static String compilerVersion() {
        try {
            Field f = NodeRulesetCompiler.class.getField("VERSION");
            return Modifier.isStatic(f.getModifiers()) ? String.valueOf(f.get(null)) : null;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return null;
        }
    }
}
