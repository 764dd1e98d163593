package io.netfence.engine.compile;

import io.netfence.engine.compile.ReferenceVerdicts.Endpoint;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.truthtable.ModelCluster;
import io.netfence.engine.truthtable.PodMatrix;
import io.netfence.engine.truthtable.Probe;
import io.netfence.engine.truthtable.TruthTableCase;
import io.netfence.engine.truthtable.TruthTableCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case of the engine's truth-table catalog, compiled for every node and walked packet by packet through the
 * rendered chains and sets (in memory; the dataplane suite does the same on real kernels): the pod → pod matrix
 * must be the case's stated matrix and the node → pod matrix the expected one, in IPv4 and in IPv6.
 */
class CompiledTruthTableTest {

    static Stream<Arguments> casesAndFamilies() {
        return TruthTableCatalog.cases().stream().flatMap(c -> Stream.of(
                Arguments.of(c, "IPv4", ModelCluster.syntheticIpv4(), CompilerOptions.DEFAULTS),
                Arguments.of(c, "IPv6", ModelCluster.syntheticIpv6(), CompilerOptions.DEFAULTS),
                // dispatch chains of at most 2 pods: the three pods of a node go through a prefix tree
                Arguments.of(c, "IPv4, dispatch tree", ModelCluster.syntheticIpv4(), CompilerOptions.DEFAULTS.withDispatchBucket(2)),
                Arguments.of(c, "IPv6, dispatch tree", ModelCluster.syntheticIpv6(), CompilerOptions.DEFAULTS.withDispatchBucket(2))));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("casesAndFamilies")
    void compiledRulesGiveTheStatedMatrices(TruthTableCase c, String family, ModelCluster model, CompilerOptions options) {
        ClusterSnapshot s = c.snapshot(model);
        ClusterDataplane dataplane = new ClusterDataplane(s, new NodeRulesetCompiler(options));
        List<String> failures = new ArrayList<>();
        for (Probe probe : c.probes()) {
            PodMatrix actual = PodMatrix.of(ModelCluster.POD_KEYS, ModelCluster.POD_KEYS, (from, to) -> {
                PodInfo src = pod(s, from);
                PodInfo dst = pod(s, to);
                return dataplane.allowed(Endpoint.of(src, model.ip(from)), Optional.of(src.nodeName()), false,
                        Endpoint.of(dst, model.ip(to)), Optional.of(dst.nodeName()), false, probe.protocol(), probe.port());
            });
            if (!probe.expected().mismatches(actual).isEmpty()) {
                failures.add(c.name() + " " + probe.name() + " pod → pod:\n" + probe.expected().diff(actual));
            }
            PodMatrix expectedFromNodes = c.expectedFromNodes(model, probe.port(), probe.protocol());
            PodMatrix fromNodes = PodMatrix.of(expectedFromNodes.rows(), ModelCluster.POD_KEYS, (address, to) -> {
                String node = model.nodes().stream().filter(n -> n.addresses().contains(address)).findFirst().orElseThrow().name();
                PodInfo dst = pod(s, to);
                return dataplane.allowed(Endpoint.of(null, address), Optional.of(node), true,
                        Endpoint.of(dst, model.ip(to)), Optional.of(dst.nodeName()), false, probe.protocol(), probe.port());
            });
            if (!expectedFromNodes.mismatches(fromNodes).isEmpty()) {
                failures.add(c.name() + " " + probe.name() + " node → pod:\n" + expectedFromNodes.diff(fromNodes));
            }
        }
        assertThat(failures).as("%s: %s", c.name(), c.description()).isEmpty();
    }

    private static PodInfo pod(ClusterSnapshot s, String key) {
        return s.pod(key.substring(0, 1), key.substring(2)).orElseThrow();
    }
}
