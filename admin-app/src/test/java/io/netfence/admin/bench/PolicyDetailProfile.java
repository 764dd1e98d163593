package io.netfence.admin.bench;

import io.netfence.admin.policies.PolicyResolver;
import io.netfence.engine.lint.PolicyLinter;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.json.JsonMapper;

/** Where the policy detail's time goes at 10k pods, step by step, in process (opt-in: -Dnetfence.bench=true). */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
class PolicyDetailProfile {

    private static void resolvedPeers(Policy p, ClusterSnapshot s) {
        for (var d : io.netfence.engine.model.Direction.values()) {
            for (var r : p.rules(d)) {
                for (var peer : r.peers()) {
                    System.out.printf("[profile] %s peer %s: %d pods%n", d, peer.describe(), PolicyResolver.peerPods(p, peer, s).size());
                }
            }
        }
    }

    @Test
    void policyDetailSteps() throws Exception {
        ClusterSnapshot s = SyntheticCluster.generate(SyntheticCluster.Params.large(42));
        Policy p = s.policy("team0-dev-20", "np-156").orElseThrow();
        JsonMapper json = JsonMapper.builder().build();
        Thread main = Thread.currentThread();
        java.util.Map<String, Integer> samples = new java.util.concurrent.ConcurrentHashMap<>();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                StackTraceElement[] st = main.getStackTrace();
                StringBuilder key = new StringBuilder();
                int n = 0;
                for (StackTraceElement e : st) {
                    if (e.getClassName().startsWith("io.netfence") && n < 4) {
                        key.append(e.getClassName().replaceAll(".*\\.", "")).append('.').append(e.getMethodName()).append(':').append(e.getLineNumber()).append(" < ");
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
        for (int round = 0; round < 12; round++) {
            long t0 = System.nanoTime();
            var resolved = PolicyResolver.resolve(p, s);
            long t1 = System.nanoTime();
            var lint = PolicyLinter.lint(p, s);
            long t2 = System.nanoTime();
            int bytes = json.writeValueAsBytes(resolved).length;
            long t3 = System.nanoTime();
            System.out.printf("[profile] resolve %d ms, lint %d ms (%d warnings), json %d ms %d bytes, peers %s%n", (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, lint.size(), (t3 - t2) / 1_000_000, bytes,
                    resolved.ingress().stream().map(r -> r.peers().size()).toList() + "/" + resolved.egress().stream().map(r -> r.peers().size()).toList());
        }
        sampler.interrupt();
        samples.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf("[profile] %5d %s%n", e.getValue(), e.getKey()));
        resolvedPeers(p, s);
    }
}
