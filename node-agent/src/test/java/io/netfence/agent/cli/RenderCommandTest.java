package io.netfence.agent.cli;

import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code node-agent render} end to end on a real {@code kubectl get ... -o yaml} dump of a dual-stack cluster. */
class RenderCommandTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private Run render(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RenderCommand.main(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path state(String resource) throws IOException {
        return Files.writeString(tmp.resolve(Path.of(resource).getFileName()), Fixtures.text(resource));
    }

    private Path brokenState(String from, String to) throws IOException {
        String text = Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML);
        assertThat(text).contains(from);
        return Files.writeString(tmp.resolve("broken.yaml"), text.replace(from, to));
    }

    @Test
    void rendersOneNodeWithBothFamiliesAndPrintsItsSummary() throws Exception {
        Path out = tmp.resolve("out");
        Run r = render("--state", state(Fixtures.CLUSTER_3_NODES_YAML).toString(), "--node", "demo-worker", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path dir = out.resolve("demo-worker");
        assertThat(list(out)).containsExactly("demo-worker");
        assertThat(list(dir)).containsExactly("ip6tables.restore", "ipset.restore", "iptables.restore");
        String ipt = Files.readString(dir.resolve("iptables.restore"));
        String ip6t = Files.readString(dir.resolve("ip6tables.restore"));
        String ipset = Files.readString(dir.resolve("ipset.restore"));
        assertThat(ipt).startsWith("*filter\n").contains("-j NETFENCE-IN-").contains("netfence drop ingress shop/").endsWith("COMMIT\n");
        assertThat(ip6t).contains("/128 -j NETFENCE-").contains("icmp6-port-unreachable");
        assertThat(ipset).contains("family inet6").contains(" nomatch\n");
        // the printed hash is the hash of exactly the written files
        String hash = sha256(ipset + "\0" + ipt + "\0" + ip6t);
        assertThat(r.out()).startsWith("demo-worker: ").contains(" local pods, ").contains(" isolated, ").contains(" rules, ")
                .contains(" set entries, IPv4+IPv6, hash " + hash + " -> ");
        // each number is that of the written scripts (demo-worker runs 3 pods, 2 of them selected by policies)
        String both = ipt + ip6t;
        assertThat(r.out()).startsWith("demo-worker: 3 local pods, 2 isolated, " + count(both, "^:NETFENCE-") + " chains, "
                + count(both, "^-A ") + " rules, " + count(ipset, "^create (?!\\S+-t )") + " sets, " + count(ipset, "^add ") + " set entries, ");
    }

    private static long count(String script, String linePattern) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(linePattern);
        return script.lines().filter(l -> p.matcher(l).find()).count();
    }

    @Test
    void yamlAndJsonDumpsOfTheSameClusterRenderTheSameBytes() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(render("--state", state(Fixtures.CLUSTER_3_NODES_YAML).toString(), "--all-nodes", "--out", a.toString()).exit()).isZero();
        assertThat(render("--state", state(Fixtures.CLUSTER_3_NODES_JSON).toString(), "--all-nodes", "--out", b.toString()).exit()).isZero();
        assertThat(list(a)).containsExactly("demo-control-plane", "demo-worker", "demo-worker2");
        for (String node : list(a)) {
            for (String f : list(a.resolve(node))) {
                assertThat(Files.readString(b.resolve(node).resolve(f))).as(node + "/" + f).isEqualTo(Files.readString(a.resolve(node).resolve(f)));
            }
        }
    }

    @Test
    void multiDocumentYamlOfTheSameObjectsWorksToo() throws Exception {
        Path state = Files.writeString(tmp.resolve("multi.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: n1}
                spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24]}
                status:
                  addresses: [{type: InternalIP, address: 192.168.0.1}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-1, namespace: shop, labels: {app: web}}
                spec: {nodeName: n1, containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
                status: {phase: Running, podIP: 10.244.1.5, podIPs: [{ip: 10.244.1.5}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  ingress: [{ports: [{port: http}]}]
                """);
        Path out = tmp.resolve("out");
        Run r = render("--state", state.toString(), "--node", "n1", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("n1: 1 local pods, 1 isolated, ").contains(", IPv4, hash ");
        assertThat(list(out.resolve("n1"))).containsExactly("ipset.restore", "iptables.restore");
        assertThat(Files.readString(out.resolve("n1/iptables.restore"))).contains("-A NETFENCE-FORWARD -d 10.244.1.5/32 -j NETFENCE-IN-");
        assertThat(Files.readString(out.resolve("n1/ipset.restore"))).contains(" 10.244.1.5,tcp:8080\n").contains(" 192.168.0.1\n");
    }

    static final String STAGED_STATE = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}}
            - apiVersion: v1
              kind: Node
              metadata: {name: n1}
              spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24]}
              status: {addresses: [{type: InternalIP, address: 192.168.0.1}]}
            - apiVersion: v1
              kind: Pod
              metadata: {name: web-1, namespace: shop, labels: {app: web}}
              spec: {nodeName: n1, containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
              status: {phase: Running, podIP: 10.244.1.5, podIPs: [{ip: 10.244.1.5}]}
            - apiVersion: v1
              kind: Pod
              metadata: {name: client-1, namespace: shop, labels: {app: client}}
              spec: {nodeName: n1, containers: [{name: c, image: curl}]}
              status: {phase: Running, podIP: 10.244.1.6, podIPs: [{ip: 10.244.1.6}]}
            - apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata: {name: web, namespace: shop}
              spec:
                podSelector: {matchLabels: {app: web}}
                ingress: [{from: [{podSelector: {matchLabels: {app: client}}}], ports: [{port: http}]}]
            - apiVersion: netfence.io/v1alpha1
              kind: StagedNetworkPolicy
              metadata: {name: web-lockdown, namespace: shop, resourceVersion: "17"}
              spec:
                podSelector: {matchLabels: {app: web}}
                policyTypes: [Ingress]
            - apiVersion: netfence.io/v1alpha1
              kind: StagedNetworkPolicy
              metadata: {name: client-egress, namespace: shop}
              spec:
                podSelector: {matchLabels: {app: client}}
                policyTypes: [Egress]
                egress: [{to: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]
            - apiVersion: netfence.io/v1alpha1
              kind: StagedClusterNetworkPolicy
              metadata: {name: shop-guard}
              spec:
                tier: Admin
                priority: 10
                subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
                ingress:
                - action: Deny
                  from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}]
            """;

    /**
     * StagedNetworkPolicies and StagedClusterNetworkPolicies in the dump are compiled into their counting chains, byte for
     * byte as the agent compiles its cluster state after taking the same objects through its intake
     * ({@code ClusterState.takeStagedPolicy}, {@code takeStagedClusterNetworkPolicy}).
     */
    @Test
    void stagedPoliciesAreRenderedAsTheAgentCompilesThem() throws Exception {
        Path state = Files.writeString(tmp.resolve("staged.yaml"), STAGED_STATE);
        Path out = tmp.resolve("out");
        Run r = render("--state", state.toString(), "--node", "n1", "--out", out.toString(), "--flow-group", "101");
        assertThat(r.exit()).as(r.err()).isZero();
        String ipt = Files.readString(out.resolve("n1/iptables.restore"));
        assertThat(ipt).contains("netfence would-deny ingress stagednetworkpolicy shop/web-lockdown")
                .contains("netfence would-deny egress stagednetworkpolicy shop/client-egress")
                .contains("--nflog-prefix \"netfence flow would-deny NETFENCE-WI-")
                .contains("netfence would-deny ingress stagedclusternetworkpolicy shop-guard")
                .contains("--nflog-prefix \"netfence flow would-deny NETFENCE-VI-");

        // the agent: the same objects through ClusterState, staged ones by takeStagedPolicy, compiled with the same options
        io.netfence.engine.snapshot.ClusterState agentState = new io.netfence.engine.snapshot.ClusterState();
        var parsed = io.netfence.engine.manifest.ManifestParser.withDefaults().parse(STAGED_STATE);
        parsed.namespaces().forEach(n -> agentState.upsertNamespace(io.netfence.engine.snapshot.ResourceConverter.namespace(n)));
        parsed.nodes().forEach(n -> agentState.upsertNode(io.netfence.engine.snapshot.ResourceConverter.node(n)));
        parsed.pods().forEach(p -> agentState.upsertPod(io.netfence.engine.snapshot.ResourceConverter.pod(p)));
        parsed.networkPolicies().forEach(np -> agentState.upsertPolicy(io.netfence.engine.snapshot.PolicyConverter.convert(np)));
        io.fabric8.kubernetes.api.model.KubernetesList list = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(STAGED_STATE,
                io.fabric8.kubernetes.api.model.KubernetesList.class);
        list.getItems().stream().filter(o -> o.getKind().equals("StagedNetworkPolicy")).forEach(o -> assertThat(agentState.takeStagedPolicy(
                io.fabric8.kubernetes.client.utils.Serialization.unmarshal(io.fabric8.kubernetes.client.utils.Serialization.asJson(o),
                        io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))).isEmpty());
        list.getItems().stream().filter(o -> o.getKind().equals("StagedClusterNetworkPolicy")).forEach(o -> assertThat(
                agentState.takeStagedClusterNetworkPolicy(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                        io.fabric8.kubernetes.client.utils.Serialization.asJson(o),
                        io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))).isEmpty());
        var agent = new io.netfence.engine.compile.NodeRulesetCompiler(io.netfence.engine.compile.CompilerOptions.forAgent(0,
                io.netfence.engine.compile.FlowLogOptions.defaults(101))).compile(agentState.snapshot(), "n1");
        assertThat(agentState.snapshot().stagedPolicies()).hasSize(2);
        assertThat(agentState.snapshot().stagedClusterNetworkPolicies()).hasSize(1);
        assertThat(ipt).isEqualTo(agent.iptablesRestore());
        assertThat(Files.readString(out.resolve("n1/ipset.restore"))).isEqualTo(agent.ipsetRestore());
        assertThat(r.out()).contains("hash " + agent.hash() + " -> ");

        // without them the node's ruleset differs: they were not ignored
        Path plain = Files.writeString(tmp.resolve("plain.yaml"), STAGED_STATE.substring(0, STAGED_STATE.indexOf("- apiVersion: netfence.io")));
        Run without = render("--state", plain.toString(), "--node", "n1", "--out", tmp.resolve("out2").toString(), "--flow-group", "101");
        assertThat(without.exit()).as(without.err()).isZero();
        assertThat(without.out()).doesNotContain(agent.hash());
        assertThat(Files.readString(tmp.resolve("out2/n1/iptables.restore"))).doesNotContain("would-deny");
    }

    @Test
    void aStagedPolicyThatCannotBeUsedNamesTheObjectAndWritesNothing() throws Exception {
        Path state = Files.writeString(tmp.resolve("staged.yaml"), STAGED_STATE.replace(
                "podSelector: {matchLabels: {app: client}}\n    policyTypes: [Egress]", "podSelector: 5\n    policyTypes: [Egress]"));
        assertThat(Files.readString(state)).contains("podSelector: 5");
        Path out = tmp.resolve("out");
        Run r = render("--state", state.toString(), "--all-nodes", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("StagedNetworkPolicy shop/client-egress").contains("cannot be used").contains("nothing was written");
        assertThat(out).doesNotExist();
    }

    @Test
    void repeatedNodeFlagRendersEachNamedNodeAndReplacesEarlierOutput() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("demo-worker"));
        Files.writeString(out.resolve("demo-worker/stale.txt"), "old");
        Files.writeString(out.resolve("keep.txt"), "mine");
        Run r = render("--state", state(Fixtures.CLUSTER_3_NODES_YAML).toString(), "--node", "demo-worker", "--node", "demo-worker2",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(list(out)).containsExactly("demo-worker", "demo-worker2", "keep.txt");
        assertThat(list(out.resolve("demo-worker"))).doesNotContain("stale.txt");
        assertThat(r.out().lines()).hasSize(2);
    }

    @Test
    void unparseableYamlFailsWithTheLineAndWritesNothing() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "apiVersion: v1\nitems:\n- kind: Pod\n  metadata: {name: [unclosed\n");
        Path out = tmp.resolve("out");
        Run r = render("--state", bad.toString(), "--all-nodes", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.yaml").contains("YAML syntax error").contains("line").contains("nothing was written");
        assertThat(out).doesNotExist();
        assertThat(list(tmp)).containsExactly("bad.yaml");
    }

    @Test
    void invalidPolicyNamesTheObjectAndFieldAndWritesNothing() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        Path bad = brokenState("cidr: 172.18.0.0/16", "cidr: 172.18.0.0/33");
        Run r = render("--state", bad.toString(), "--all-nodes", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("NetworkPolicy shop/backend").contains("spec.egress[1].to[0].ipBlock.cidr").contains("172.18.0.0/33");
        assertThat(list(out)).containsExactly("keep.txt");
        assertThat(list(tmp)).containsExactlyInAnyOrder("broken.yaml", "out");
    }

    @Test
    void unknownNodeIsNamedWithTheNodesThatExist() throws Exception {
        Path out = tmp.resolve("out");
        Run r = render("--state", state(Fixtures.CLUSTER_3_NODES_YAML).toString(), "--node", "demo-worker", "--node", "nope",
                "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--node nope").contains("demo-control-plane, demo-worker, demo-worker2");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingFileAndBadArgumentsAreUsageErrors() {
        Run missing = render("--state", tmp.resolve("none.yaml").toString(), "--all-nodes", "--out", tmp.resolve("o").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("none.yaml: no such file");
        Run noNode = render("--state", "x", "--out", "y");
        assertThat(noNode.exit()).isEqualTo(2);
        assertThat(noNode.err()).contains("--node").contains("usage:");
        assertThat(render("--state", "x", "--all-nodes", "--out", "y", "--bogus").err()).contains("unknown argument \"--bogus\"");
        assertThat(render("--help").out()).startsWith("usage: node-agent render");
    }

    @Test
    void theAgentMainDispatchesRenderWithoutStartingSpring() throws Exception {
        Path out = tmp.resolve("out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.netfence.agent.NodeAgentApplication", "render",
                "--state", state(Fixtures.CLUSTER_3_NODES_YAML).toString(), "--node", "demo-worker2", "--out", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).startsWith("demo-worker2: ").doesNotContain("Spring").doesNotContain(":: Spring Boot ::");
        assertThat(out.resolve("demo-worker2/iptables.restore")).exists();

        Process bad = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.netfence.agent.NodeAgentApplication", "render",
                "--state", tmp.resolve("missing.yaml").toString(), "--all-nodes", "--out", out.toString())
                .redirectErrorStream(true).start();
        bad.getInputStream().readAllBytes();
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(1);
    }

    @Test
    void renderedScriptsLoadIntoAKernelAndReapplyCleanly() throws Exception {
        loadsIntoAKernelAndReappliesCleanly();
    }

    /** The flow observation rules (hashlimit, NFLOG, the local pod sets) in both families, as the kernel prints them. */
    @Test
    void renderedFlowRulesLoadIntoAKernelAsTheyArePrinted() throws Exception {
        Path dir = loadsIntoAKernelAndReappliesCleanly("--flow-group", "101", "--nflog-group", "7");
        assertThat(Files.readString(dir.resolve("iptables.restore"))).contains("--nflog-prefix \"netfence flow allow NETFENCE-FORWARD\" --nflog-group 101")
                .contains("--nflog-prefix \"netfence flow deny NETFENCE-IN-").contains("--nflog-prefix \"netfence drop\" --nflog-group 7");
        assertThat(Files.readString(dir.resolve("ip6tables.restore"))).contains("-m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 20");
        assertThat(Files.readString(dir.resolve("ipset.restore"))).contains("create nfl-").contains("create nf6l-");
        assertThat(render("--state", "x", "--all-nodes", "--out", "y", "--flow-group", "0").err()).contains("--flow-group: 0 is outside 1..65535");
    }

    private Path loadsIntoAKernelAndReappliesCleanly(String... extra) throws Exception {
        Path out = tmp.resolve("out");
        List<String> args = new java.util.ArrayList<>(List.of("--state", state(Fixtures.CLUSTER_3_NODES_YAML).toString(), "--node", "demo-worker",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        assertThat(render(args.toArray(String[]::new)).exit()).isZero();
        Path dir = out.resolve("demo-worker");
        try (ScratchNetns ns = ScratchNetns.create()) {
            String q = dir.toAbsolutePath().toString();
            ns.sh("ipset restore < " + q + "/ipset.restore && iptables-restore --noflush < " + q + "/iptables.restore"
                    + " && ip6tables-restore --noflush < " + q + "/ip6tables.restore");
            for (String[] family : new String[][]{{"iptables", "iptables.restore"}, {"ip6tables", "ip6tables.restore"}}) {
                String saved = ns.sh(family[0] + "-save -t filter");
                List<String> ours = Files.readAllLines(dir.resolve(family[1])).stream().filter(l -> l.startsWith("-A ")).sorted().toList();
                List<String> kernel = saved.lines().filter(l -> l.startsWith("-A NETFENCE-")).sorted().toList();
                assertThat(kernel).as("%s-save prints exactly our rules", family[0]).isEqualTo(ours);
                assertThat(saved.lines().filter(l -> l.startsWith("-A FORWARD ") || l.startsWith("-A INPUT ") || l.startsWith("-A OUTPUT ")))
                        .containsExactly("-A INPUT -m comment --comment netfence -j NETFENCE-INPUT",
                                "-A FORWARD -m comment --comment netfence -j NETFENCE-FORWARD",
                                "-A OUTPUT -m comment --comment netfence -j NETFENCE-OUTPUT");
            }
            // sets swap in place and the chains part re-applies without duplicating anything
            ns.sh("ipset restore < " + q + "/ipset.restore && grep -v '^-I ' " + q + "/iptables.restore | iptables-restore --noflush");
            long rules = ns.sh("iptables-save -t filter").lines().filter(l -> l.startsWith("-A ")).count();
            long expected = Files.readAllLines(dir.resolve("iptables.restore")).stream().filter(l -> l.startsWith("-A ") || l.startsWith("-I ")).count();
            assertThat(rules).isEqualTo(expected);
            assertThat(ns.sh("ipset list -n").lines().sorted().toList()).isEqualTo(
                    Files.readAllLines(dir.resolve("ipset.restore")).stream().filter(l -> l.startsWith("create ") && !l.split(" ")[1].endsWith("-t"))
                            .map(l -> l.split(" ")[1]).sorted().toList());
        }
        return dir;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
