package io.netfence.agent.cli;

import io.netfence.engine.compile.CompilerOptions;
import io.netfence.engine.compile.FlowLogOptions;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.compile.RulesetStats;
import io.netfence.engine.manifest.ManifestError;
import io.netfence.engine.manifest.ManifestException;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.SnapshotAssembler;
import io.netfence.engine.manifest.UnknownKinds;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;


import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code node-agent render --state FILE (--node NAME ... | --all-nodes) --out DIR}: compiles the rulesets of
 * nodes from a {@code kubectl get namespaces,nodes,pods,networkpolicies -A -o yaml} dump (with
 * {@code clusternetworkpolicies}, {@code stagednetworkpolicies} and {@code stagedclusternetworkpolicies} when the cluster
 * has them), offline and without
 * Spring, and writes {@code DIR/NODE/ipset.restore}, {@code iptables.restore} and, with IPv6 pod addresses,
 * {@code ip6tables.restore}: exactly what the agent on that node would apply. Any problem (unreadable or
 * unparseable file, invalid policy, unknown node) is reported with the object and field and nothing is written:
 * everything is compiled first, written to a temporary directory next to DIR, then moved into place.
 */
public final class RenderCommand {

    static final String USAGE = """
            usage: node-agent render --state FILE (--node NAME [--node NAME ...] | --all-nodes) --out DIR [--nflog-group N] [--flow-group N]
              --state FILE     output of `kubectl get namespaces,nodes,pods,networkpolicies -A -o yaml` (or -o json),
                               or a multi-document YAML of the same objects; ClusterNetworkPolicies,
                               StagedNetworkPolicies and StagedClusterNetworkPolicies in it are compiled too
                               (add clusternetworkpolicies,stagednetworkpolicies,stagedclusternetworkpolicies
                               to the kubectl get when the cluster has their CRDs)
              --node NAME      a node to render (repeatable)
              --all-nodes      every node in FILE
              --out DIR        writes DIR/NAME/ipset.restore, DIR/NAME/iptables.restore (and ip6tables.restore)
              --nflog-group N  also NFLOG rejected packets to group N, 60/min (as the agent's nflogGroup setting)
              --flow-group N   also the flow observation rules, NFLOG group N with the default limits (as the agent's
                               netfence.agent.flows.enabled=true, flows.nflog-group=N)""";

    /** A problem with the user's input: reported without a stack trace, exit code 1. */
    static final class RenderException extends RuntimeException {
        RenderException(String message) {
            super(message);
        }
    }

    record Options(Path state, List<String> nodes, boolean allNodes, Path out, int nflogGroup, int flowGroup) {
    }

    private RenderCommand() {
    }

    public static int main(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parseArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("render: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options == null) {
            out.println(USAGE);
            return 0;
        }
        try {
            run(options, out);
            return 0;
        } catch (RenderException e) {
            err.println("render: " + e.getMessage());
            err.println("render: nothing was written");
            return 1;
        }
    }

    /** null for --help. */
    static Options parseArgs(List<String> args) {
        Path state = null;
        Path out = null;
        Set<String> nodes = new LinkedHashSet<>();
        boolean all = false;
        int nflog = 0;
        int flowGroup = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--state" -> state = Path.of(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--node" -> nodes.add(value(args, ++i, a));
                case "--all-nodes" -> all = true;
                case "--nflog-group" -> nflog = group(value(args, ++i, a), a);
                case "--flow-group" -> flowGroup = group(value(args, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
            }
        }
        if (state == null) {
            throw new IllegalArgumentException("--state FILE is required");
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        if (nodes.isEmpty() && !all) {
            throw new IllegalArgumentException("name at least one --node, or give --all-nodes");
        }
        if (!nodes.isEmpty() && all) {
            throw new IllegalArgumentException("give either --node or --all-nodes, not both");
        }
        for (String n : nodes) {
            if (n.isEmpty() || n.contains("/") || n.equals(".") || n.equals("..")) {
                throw new IllegalArgumentException("--node: \"" + n + "\" is not a node name");
            }
        }
        return new Options(state, List.copyOf(nodes), all, out, nflog, flowGroup);
    }

    private static int group(String v, String flag) {
        int g;
        try {
            g = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": \"" + v + "\" is not a number (1..65535)");
        }
        if (g < 1 || g > 65535) {
            throw new IllegalArgumentException(flag + ": " + g + " is outside 1..65535");
        }
        return g;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    static void run(Options options, PrintStream out) {
        ClusterSnapshot snapshot = StateFile.load(options.state());
        List<String> nodes = options.allNodes() ? snapshot.nodes().stream().map(NodeInfo::name).toList() : options.nodes();
        if (nodes.isEmpty()) {
            throw new RenderException(options.state() + ": --all-nodes, but the file holds no Node objects"
                    + " (dump them too: kubectl get namespaces,nodes,pods,networkpolicies -A -o yaml)");
        }
        for (String n : nodes) {
            if (snapshot.node(n).isEmpty()) {
                throw new RenderException("--node " + n + ": no Node \"" + n + "\" in " + options.state() + " (nodes there: "
                        + String.join(", ", snapshot.nodes().stream().map(NodeInfo::name).toList()) + ")");
            }
        }
        NodeRulesetCompiler compiler = new NodeRulesetCompiler(CompilerOptions.forAgent(options.nflogGroup(),
                options.flowGroup() > 0 ? FlowLogOptions.defaults(options.flowGroup()) : null));
        List<NodeRuleset> rulesets = new ArrayList<>();
        for (String n : nodes) {
            rulesets.add(compiler.compile(snapshot, n));
        }
        write(rulesets, options.out());
        for (NodeRuleset r : rulesets) {
            out.println(summary(r, options.out().resolve(r.nodeName())));
        }
    }

    static String summary(NodeRuleset r, Path dir) {
        RulesetStats s = r.stats();
        return String.format("%s: %d local pods, %d isolated, %d chains, %d rules, %d sets, %d set entries, %s, hash %s -> %s",
                r.nodeName(), s.localPods(), s.isolatedPods(), s.chains(), s.rules(), s.sets(), s.setEntries(),
                r.uses(IpFamily.IPV6) ? "IPv4+IPv6" : "IPv4", r.hash(), dir);
    }

    /** All files go to a temporary sibling of {@code out} first; each node directory is then moved into place. */
    private static void write(List<NodeRuleset> rulesets, Path out) {
        Path target = out.toAbsolutePath().normalize();
        Path tmp = null;
        try {
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new RenderException("--out " + out + ": exists and is not a directory");
            }
            Path parent = target.getParent();
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, ".netfence-render-");
            for (NodeRuleset r : rulesets) {
                Path dir = Files.createDirectory(tmp.resolve(r.nodeName()));
                Files.writeString(dir.resolve("ipset.restore"), r.ipsetRestore(), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("iptables.restore"), r.iptablesRestore(), StandardCharsets.UTF_8);
                if (r.uses(IpFamily.IPV6)) {
                    Files.writeString(dir.resolve("ip6tables.restore"), r.ip6tablesRestore(), StandardCharsets.UTF_8);
                }
            }
            Files.createDirectories(target);
            for (NodeRuleset r : rulesets) {
                Path dest = target.resolve(r.nodeName());
                deleteRecursively(dest);
                Files.move(tmp.resolve(r.nodeName()), dest, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new RenderException("--out " + out + ": cannot write: " + e);
        } finally {
            if (tmp != null) {
                deleteRecursively(tmp);
            }
        }
    }

    private static void deleteRecursively(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reading and assembling the state file, with errors that name the file, the object and the field. */
    static final class StateFile {

        private StateFile() {
        }

        static ClusterSnapshot load(Path file) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new RenderException("--state " + file + ": no such file");
            } catch (IOException | UncheckedIOException e) {
                throw new RenderException("--state " + file + ": cannot read: " + e.getMessage());
            }
            if (text.isBlank()) {
                throw new RenderException(file + ": empty; expected the output of kubectl get namespaces,nodes,pods,networkpolicies -A -o yaml");
            }
            try {
                var parsed = new ManifestParser(Math.max(ManifestParser.DEFAULT_MAX_BYTES, 1L << 30), UnknownKinds.IGNORE)
                        .withStagedPolicies().parse(text);
                return SnapshotAssembler.assemble(parsed).orElseThrow();
            } catch (ManifestException e) {
                StringBuilder sb = new StringBuilder(file.toString()).append(": ");
                List<ManifestError> errors = e.errors();
                if (errors.size() == 1) {
                    sb.append(errors.get(0));
                } else {
                    sb.append(errors.size()).append(" problems:");
                    for (ManifestError err : errors) {
                        sb.append("\n  ").append(err);
                    }
                }
                throw new RenderException(sb.toString());
            }
        }
    }
}
