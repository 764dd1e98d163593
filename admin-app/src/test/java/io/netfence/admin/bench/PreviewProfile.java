package io.netfence.admin.bench;

import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

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
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            ClusterSnapshot after = s.withPolicy(p);
            long t1 = System.nanoTime();
            var rs = compiler.compileNodes(after, candidates);
            long t2 = System.nanoTime();
            System.out.printf("[profile] withPolicy %d ms, compileNodes(%d) %d ms, rules %d%n", (t1 - t0) / 1_000_000, rs.size(),
                    (t2 - t1) / 1_000_000, rs.values().stream().mapToInt(r -> r.iptablesRestore().length()).sum());
        }
        sampler.interrupt();
        samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf("[profile] %5d %s%n", e.getValue(), e.getKey()));
    }
}
