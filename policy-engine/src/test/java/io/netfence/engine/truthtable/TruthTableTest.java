package io.netfence.engine.truthtable;

import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.NetworkPolicyValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Runs every catalog case through the engine's analyzer, with IPv4 and with IPv6 model addresses. */
class TruthTableTest {

    static Stream<Arguments> casesAndFamilies() {
        return TruthTableCatalog.cases().stream().flatMap(c -> Stream.of(
                Arguments.of(c, "IPv4", ModelCluster.syntheticIpv4()),
                Arguments.of(c, "IPv6", ModelCluster.syntheticIpv6())));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("casesAndFamilies")
    void analyzerMatchesTheStatedMatrices(TruthTableCase c, String family, ModelCluster model) {
        for (Probe probe : c.probes()) {
            PodMatrix actual = c.analyzerMatrix(model, probe.port(), probe.protocol());
            List<String> mismatches = probe.expected().mismatches(actual);
            if (!mismatches.isEmpty()) {
                fail(failureReport(c, model, probe, actual, mismatches));
            }
        }
    }

    /** The case, the matrix diff, and the analyzer's explanation of each wrong cell. */
    private static String failureReport(TruthTableCase c, ModelCluster model, Probe probe, PodMatrix actual, List<String> mismatches) {
        StringBuilder sb = new StringBuilder("truth table " + c.name() + " " + probe.name() + ": " + c.description() + "\n");
        c.mutations().forEach(m -> sb.append("mutation: ").append(m.describe()).append('\n'));
        sb.append(probe.expected().diff(actual));
        ClusterSnapshot s = c.snapshot(model);
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(s);
        for (String m : mismatches) {
            String[] pair = m.substring(0, m.indexOf(':')).split(" → ");
            sb.append(m).append('\n').append(a.verdict(endpoint(s, model, pair[0]), endpoint(s, model, pair[1]),
                    probe.port(), probe.protocol()).describe()).append('\n');
        }
        return sb.toString();
    }

    private static Endpoint endpoint(ClusterSnapshot s, ModelCluster model, String key) {
        return Endpoint.pod(s.pod(key.substring(0, 1), key.substring(2)).orElseThrow(), model.ip(key));
    }

    @Test
    void catalogCoversDozensOfUniquelyNamedCasesWithValidPolicies() {
        List<TruthTableCase> cases = TruthTableCatalog.cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(new HashSet<>(cases.stream().map(TruthTableCase::name).toList())).hasSameSizeAs(cases);
        for (ModelCluster model : List.of(ModelCluster.syntheticIpv4(), ModelCluster.syntheticIpv6())) {
            for (TruthTableCase c : cases) {
                c.policies(model).forEach(p -> assertThat(NetworkPolicyValidator.validate(p))
                        .as("%s: policy %s must be valid for the API server", c.name(), p.getMetadata().getName()).isEmpty());
            }
        }
        assertThat(TruthTableCatalog.named("ipblock-except").probes()).isNotEmpty();
        assertThatThrownBy(() -> TruthTableCatalog.named("nope")).hasMessageContaining("no truth-table case nope");
    }

    @Test
    void aWrongExpectationIsReportedWithTheMatrixDiff() {
        TruthTableCase c = TruthTableCatalog.named("default-deny-ingress");
        PodMatrix actual = c.analyzerMatrix(ModelCluster.syntheticIpv4(), 80, Protocol.TCP);
        PodMatrix allOpen = TruthTableCatalog.named("no-policies").probes().get(0).expected();
        assertThat(allOpen.mismatches(actual)).hasSize(24).contains("y/a → x/b: expected ., got X");
        assertThat(allOpen.diff(actual)).contains("""
                diff (+ connected but expected blocked, - blocked but expected connected):
                    x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a .   -   -   .   .   .   .   .   .
                """);
    }

    @Test
    void malformedTablesAreRejectedWithTheLine() {
        assertThatThrownBy(() -> PodMatrix.parse("    x/a x/b\nx/a . X\nx/b . ?\n"))
                .hasMessage("matrix line 3: cell \"?\" must be . (connected) or X (blocked)");
        assertThatThrownBy(() -> PodMatrix.parse("    x/a x/b\nx/a .\n"))
                .hasMessage("matrix line 2 \"x/a .\": expected a row name and 2 cells");
        assertThatThrownBy(() -> TruthTableCase.named("t").expect("    x/a\nx/a .\n", "TCP/80"))
                .hasMessageContaining("a matrix must list [x/a, x/b");
        PodMatrix m = PodMatrix.parse("    x/a x/b\nx/a . X\nx/b . .\n");
        assertThat(PodMatrix.parse(m.render())).isEqualTo(m);
        assertThat(m.allowed("x/a", "x/b")).isFalse();
    }

    @Test
    void mutationsChangeTheSnapshot() {
        ModelCluster model = ModelCluster.syntheticIpv4();
        ClusterSnapshot s = TruthTableCatalog.named("label-change-namespace").snapshot(model);
        assertThat(s.namespaceLabels("z")).containsEntry("ns", "y");
        ClusterSnapshot finished = TruthTableCatalog.named("finished-pod-not-selected").snapshot(model);
        assertThat(finished.pod("x", "c").orElseThrow().selectable()).isFalse();
        assertThat(finished.pod("x", "a").orElseThrow().resolveNamedPort("web", Protocol.TCP)).hasValue(80);
        assertThat(finished.pod("x", "b").orElseThrow().resolveNamedPort("web", Protocol.TCP)).hasValue(81);
        assertThat(finished.pod("x", "c").orElseThrow().resolveNamedPort("web", Protocol.TCP)).isEmpty();
        assertThat(finished.pod("y", "b").orElseThrow().resolveNamedPort("serve-81-udp", Protocol.UDP)).hasValue(81);
    }

    @Test
    void nodesAlwaysReachTheirOwnPodsAndOtherNodesOnlyThroughIpBlocks() {
        ModelCluster model = ModelCluster.syntheticIpv4();
        // node-1 hosts the a pods, node-2 the b pods, node-3 the c pods
        PodMatrix denyIngress = TruthTableCatalog.named("default-deny-ingress").expectedFromNodes(model, 80, Protocol.TCP);
        assertThat(denyIngress).isEqualTo(PodMatrix.parse("""
                              x/a x/b x/c y/a y/b y/c z/a z/b z/c
                192.168.100.1 .   X   X   .   .   .   .   .   .
                192.168.100.2 X   .   X   .   .   .   .   .   .
                192.168.100.3 X   X   .   .   .   .   .   .   .
                """));
        PodMatrix viaIpBlock = TruthTableCatalog.named("ipblock-except").expectedFromNodes(ModelCluster.syntheticIpv6(), 80, Protocol.TCP);
        assertThat(viaIpBlock.rows()).containsExactly("fd00:192::1", "fd00:192::2", "fd00:192::3");
        assertThat(viaIpBlock.columns().stream().allMatch(to -> viaIpBlock.rows().stream().allMatch(from -> viaIpBlock.allowed(from, to))))
                .as("::/0 covers node addresses").isTrue();
        PodMatrix single = TruthTableCatalog.named("ipblock-single-pod").expectedFromNodes(model, 80, Protocol.TCP);
        assertThat(single.allowed("192.168.100.1", "x/a")).isTrue();
        assertThat(single.allowed("192.168.100.2", "x/a")).isFalse();
    }

    @Test
    void modelClusterTakesAddressesAsInput() {
        ModelCluster.Builder b = ModelCluster.builder().node("n", "10.9.0.1");
        for (String key : ModelCluster.POD_KEYS) {
            b.pod(key, "n", "10.9.1." + (ModelCluster.POD_KEYS.indexOf(key) + 1), "fd00::" + (ModelCluster.POD_KEYS.indexOf(key) + 1));
        }
        ModelCluster dual = b.build();
        assertThat(dual.ip("x/b")).isEqualTo("10.9.1.2");
        assertThat(dual.hostCidr("x/b")).isEqualTo("10.9.1.2/32");
        assertThat(dual.ipBlockAllExcept("x/b")).hasSize(2);
        assertThat(dual.ipBlockOf("x/b")).hasSize(2);
        assertThatThrownBy(() -> ModelCluster.builder().node("n", "10.0.0.1").pod("x/a", "n", "10.1.1.1").build())
                .hasMessageContaining("model pod x/b has no IP/node");
        assertThatThrownBy(() -> ModelCluster.builder().pod("q/a", "n", "10.1.1.1")).hasMessageContaining("no model pod q/a");
    }
}
