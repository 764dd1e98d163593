package io.netfence.admin.bench;

import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.connectivity.ConnectivityService;
import io.netfence.admin.connectivity.MatrixView;
import io.netfence.admin.preview.Preview;
import io.netfence.admin.preview.PreviewService;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server time of the console's interactive operations on a 1,000-pod demo cluster (10 nodes, 20+ namespaces,
 * ~90 policies), measured in-process (no HTTP, no rendering). Not a timed test: it prints numbers for
 * docs/benchmarks.md and runs only with {@code -Dnetfence.bench=true}:
 * {@code ./mvnw -B -ntp -o -pl admin-app -am verify -Dtest=ConsoleBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dnetfence.bench=true}
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
@SpringBootTest(properties = {"netfence.demo=true", "netfence.demo.pods=1000"})
class ConsoleBenchmark {

    static final String DRAFT = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: api-egress, namespace: team-03}
            spec:
              podSelector: {matchLabels: {app: api}}
              policyTypes: [Ingress, Egress]
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {env: prod}}
                  podSelector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}
                ports: [{port: http}]
              egress:
              - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}]
                ports: [{port: postgres}]
              - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
            """;

    @Autowired
    LiveCluster cluster;
    @Autowired
    PreviewService previews;
    @Autowired
    ConnectivityService connectivity;
    @Autowired
    NodeRulesetCompiler compiler;

    @Test
    void interactiveOperationsOnAThousandPods() {
        Eventually.until("1,000 pods in the live model", () -> cluster.snapshot().pods().size() >= 1000);
        var s = cluster.snapshot();
        System.out.printf("%n=== console benchmark: %d pods, %d nodes, %d namespaces, %d policies ===%n",
                s.pods().size(), s.nodes().size(), s.namespaces().size(), s.policies().size());
        NodeRuleset node = compiler.compile(s, "node-1");
        System.out.println("node-1 ruleset: " + node.stats());

        Preview p = previews.preview(DRAFT);
        assertThat(p.errors()).isEmpty();
        assertThat(p.changedNodes()).isNotEmpty();
        report("preview of one draft (all 10 nodes compiled with the draft, diffed)", () -> previews.preview(DRAFT));
        MatrixView m = connectivity.matrix(List.of("team-01", "team-02"), null, "8080", "TCP", DRAFT);
        assertThat(m.endpoints()).hasSize(96);
        report("matrix 96×96 pods (2 namespaces), current + with draft", () -> connectivity.matrix(List.of("team-01", "team-02"), null, "8080", "TCP", DRAFT));
        report("matrix 120×120 pods (cap), current + with draft", () -> connectivity.matrix(List.of("team-01", "team-02", "team-03"), null, "8080", "TCP", DRAFT));
        String from = s.pods().stream().filter(x -> x.namespace().equals("team-01")).findFirst().orElseThrow().key();
        String to = s.pods().stream().filter(x -> x.namespace().equals("team-03")).findFirst().orElseThrow().key();
        report("explain one cell (current + with draft)", () -> connectivity.explain(from, to, "8080", "TCP", DRAFT));
    }

    private static void report(String what, Supplier<?> op) {
        for (int i = 0; i < 5; i++) {
            op.get();
        }
        int n = 20;
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            op.get();
            ms[i] = (System.nanoTime() - t) / 100_000; // tenths of ms
        }
        Arrays.sort(ms);
        System.out.printf("BENCH %-70s median %6.1f ms  p90 %6.1f ms  max %6.1f ms%n", what, ms[n / 2] / 10.0, ms[(int) (n * 0.9)] / 10.0, ms[n - 1] / 10.0);
    }
}
