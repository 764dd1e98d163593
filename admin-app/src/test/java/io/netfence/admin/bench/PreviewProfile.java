package io.netfence.admin.bench;

import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Where the preview's time goes at 10k pods: the candidate nodes compiled with the draft (opt-in: -Dnetfence.bench=true). */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
class PreviewProfile {

    @Test
    void previewSteps() throws Exception {
        ClusterSnapshot s = SyntheticCluster.generate(SyntheticCluster.Params.large(42));
        Policy p = s.policy("team0-dev-20", "np-156").orElseThrow();
        Set<String> candidates = new TreeSet<>();
        s.podsInNamespace(p.namespace()).stream().filter(pod -> pod.selectable() && pod.nodeName() != null && p.selects(pod))
                .forEach(pod -> candidates.add(pod.nodeName()));
        System.out.printf("[profile] np-156 selects pods on %d nodes; %d pods in its namespace%n", candidates.size(),
                s.podsInNamespace(p.namespace()).size());
        NodeRulesetCompiler compiler = new NodeRulesetCompiler();
        Thread main = Thread.currentThread();
        Map<String, Integer> samples = new ConcurrentHashMap<>();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                StringBuilder key = new StringBuilder();
                int n = 0;
                for (StackTraceElement e : main.getStackTrace()) {
                    if (e.getClassName().startsWith("io.netfence") && n < 5) {
                        key.append(e.getClassName().replaceAll(".*\\.", "")).append('.').append(e.getMethodName()).append(':')
                                .append(e.getLineNumber()).append(" < ");
                        n++;
                    }
                }
                samples.merge(key.toString(), 1, Integer::sum);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        // what the console does for a new edit of np-156 each time (an ingress rule on port 9000 + round): analyse the
        // draft (parse, validate, lint, resolve), then compile the candidate nodes: in full (before) and incrementally
        io.netfence.admin.composer.DraftAnalyzer analyzer = new io.netfence.admin.composer.DraftAnalyzer();
        io.netfence.admin.preview.DraftRulesets drafts = new io.netfence.admin.preview.DraftRulesets(compiler, 8);
        // the console keeps one parser (its Jackson binders warm): so does this step-by-step analysis
        var stepParser = new io.netfence.engine.manifest.ManifestParser(io.netfence.admin.composer.DraftAnalyzer.MAX_DRAFT_BYTES,
                io.netfence.engine.manifest.UnknownKinds.REPORT);
        // the ipBlock peers of np-156: every pod IP parsed per peer (before) against the snapshot's parsed addresses (after)
        ClusterSnapshot fresh = ClusterSnapshot.of(s.namespaces(), s.pods(), s.nodes(), s.policies());
        long b0 = System.nanoTime();
        fresh.podAddresses();
        long b1 = System.nanoTime();
        fresh.podAddresses().byCanonicalIp();
        long b2 = System.nanoTime();
        System.out.printf("[profile] once per snapshot: %d pods' IPs parsed %d ms, IP -> pod map %d ms%n", s.pods().size(),
                (b1 - b0) / 1_000_000, (b2 - b1) / 1_000_000);
        List<io.netfence.engine.model.IpBlockPeer> blocks = new java.util.ArrayList<>();
        for (var d : io.netfence.engine.model.Direction.values()) {
            p.rules(d).forEach(r -> r.peers().stream().filter(io.netfence.engine.model.IpBlockPeer.class::isInstance)
                    .forEach(peer -> blocks.add((io.netfence.engine.model.IpBlockPeer) peer)));
        }
        for (int round = 0; round < 10; round++) {
            long u0 = System.nanoTime();
            int a = 0;
            int b = 0;
            for (var block : blocks) {
                a += s.pods().stream().filter(pod -> pod.ips().stream().anyMatch(block::contains)).toList().size();
            }
            long u1 = System.nanoTime();
            for (var block : blocks) {
                b += s.podAddresses().podsIn(block).size();
            }
            long u2 = System.nanoTime();
            if (a != b) {
                throw new AssertionError(a + " != " + b);
            }
            System.out.printf("[profile] %d ipBlock peer(s), %d pods covered: parse every pod IP %.1f ms, parsed addresses %.1f ms%n",
                    blocks.size(), b, (u1 - u0) / 1e6, (u2 - u1) / 1e6);
        }
        for (int round = 0; round < 12; round++) { // the cold analysis step by step (the first rounds also warm the JIT)
            var np = io.netfence.watch.bench.EngineToFabric8.policy(p);
            np.getSpec().getIngress().add(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder().addNewPort()
                    .withProtocol("TCP").withPort(new io.fabric8.kubernetes.api.model.IntOrString(8000 + round)).endPort().build());
            String text = io.fabric8.kubernetes.client.utils.Serialization.asYaml(np);
            long t0 = System.nanoTime();
            var parsed = stepParser.parse(text).objects().get(0);
            long t1 = System.nanoTime();
            var validated = io.netfence.engine.validation.Policies.fromNetworkPolicy((io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy) parsed.resource());
            long t2 = System.nanoTime();
            var warnings = io.netfence.engine.lint.PolicyLinter.lint(parsed, s);
            long t3 = System.nanoTime();
            io.netfence.admin.policies.PolicyResolver.resolve(validated.policy(), s);
            long t4 = System.nanoTime();
            System.out.printf("[profile] analysis %d: parse %d ms, validate %d ms, lint %d ms (%s), resolve %d ms%n", round, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, warnings.stream().map(w -> w.code()).toList(), (t4 - t3) / 1_000_000);
        }
        for (int round = 0; round < 8; round++) {
            var np = io.netfence.watch.bench.EngineToFabric8.policy(p);
            np.getSpec().getIngress().add(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder().addNewPort()
                    .withProtocol("TCP").withPort(new io.fabric8.kubernetes.api.model.IntOrString(9000 + round)).endPort().build());
            String text = io.fabric8.kubernetes.client.utils.Serialization.asYaml(np);
            long t0 = System.nanoTime();
            var draft = analyzer.analyze(text, s);
            long t1 = System.nanoTime();
            ClusterSnapshot after = s.withPolicy(draft.policy());
            var full = compiler.compileNodes(after, candidates);
            long t2 = System.nanoTime();
            var incremental = drafts.compile(s, p.key(), java.util.Optional.of(draft.policy()), candidates);
            long t3 = System.nanoTime();
            for (String n : candidates) {
                if (!full.get(n).hash().equals(incremental.get(n).hash())) {
                    throw new AssertionError("incremental != full on " + n);
                }
            }
            long t4 = System.nanoTime();
            new io.netfence.engine.reachability.ReachabilityAnalyzer(s);
            new io.netfence.engine.reachability.ReachabilityAnalyzer(after);
            long t5 = System.nanoTime();
            Map<String, io.netfence.engine.compile.NodeRuleset> before = compiler.compileNodes(s, candidates);
            long t6 = System.nanoTime();
            int diffs = 0;
            long chars = 0;
            for (String n : candidates) {
                diffs += io.netfence.admin.preview.RulesetDiff.between(before.get(n), incremental.get(n)).sets().size();
            }
            long t7 = System.nanoTime();
            for (String n : candidates) {
                var r = incremental.get(n);
                chars += r.ipsetRestore().length() + r.iptablesRestore().length() + r.ip6tablesRestore().length();
            }
            long t8 = System.nanoTime();
            System.out.printf("[profile] round %d: 2 reachability analyzers %d ms, 6 diffs %d ms (%d sets), 6 × 3 scripts rendered %d ms (%d chars)%n",
                    round, (t5 - t4) / 1_000_000, (t7 - t6) / 1_000_000, diffs, (t8 - t7) / 1_000_000, chars);
            System.out.printf("[profile] round %d: analyse %d ms (%d warnings), full compileNodes(%d) %d ms, incremental %d ms%s%n", round,
                    (t1 - t0) / 1_000_000, draft.warnings().size(), full.size(), (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    round == 0 ? " (first: the node models are built)" : "");
        }
        sampler.interrupt();
        samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf("[profile] %5d %s%n", e.getValue(), e.getKey()));
    }
}
