package io.netfence.engine.snapshot;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-namespace pod index answers exactly what a scan of every pod does. */
class ClusterSnapshotIndexTest {

    @Test
    void podsInANamespaceAndPodLookupsEqualAFullScan() {
        ClusterSnapshot s = SyntheticCluster.generate(SyntheticCluster.Params.small(7));
        for (var ns : s.namespaces()) {
            List<PodInfo> scanned = s.pods().stream().filter(p -> p.namespace().equals(ns.name())).toList();
            assertThat(s.podsInNamespace(ns.name())).containsExactlyElementsOf(scanned);
        }
        assertThat(s.podsInNamespace("no-such-namespace")).isEmpty();
        for (PodInfo p : s.pods()) {
            assertThat(s.pod(p.namespace(), p.name())).contains(p);
        }
        assertThat(s.pod("kube-system", "no-such-pod")).isEmpty();
        // every policy selects the same pods from its namespace's list as from all pods
        for (var policy : s.policies()) {
            assertThat(s.podsInNamespace(policy.namespace()).stream().filter(policy::selects).toList())
                    .isEqualTo(s.pods().stream().filter(policy::selects).toList());
        }
    }

    /** A copy with a policy changed shares the pods and their index, and equals a snapshot built from scratch. */
    @Test
    void aCopyWithAnotherPolicyIsTheSnapshotBuiltFromScratch() {
        ClusterSnapshot s = SyntheticCluster.generate(SyntheticCluster.Params.small(9));
        s.podsInNamespace("x"); // the index is built before the copy: the copy shares it
        var first = s.policies().get(0);
        var changed = new io.netfence.engine.model.Policy(first.namespace(), first.name(), io.netfence.engine.model.LabelSelector.EVERYTHING,
                first.policyTypes(), List.of(), first.egress());
        ClusterSnapshot copy = s.withPolicy(changed);
        List<io.netfence.engine.model.Policy> policies = new java.util.ArrayList<>(s.policies().subList(1, s.policies().size()));
        policies.add(changed);
        ClusterSnapshot scratch = ClusterSnapshot.of(s.namespaces(), s.pods(), s.nodes(), policies);
        assertThat(copy.pods()).isSameAs(s.pods()).isEqualTo(scratch.pods());
        assertThat(copy.policies()).isEqualTo(scratch.policies());
        for (var ns : s.namespaces()) {
            assertThat(copy.podsInNamespace(ns.name())).isEqualTo(scratch.podsInNamespace(ns.name()));
        }
        assertThat(s.withoutPolicy(first.namespace(), first.name()).policies()).isEqualTo(s.policies().subList(1, s.policies().size()));
        assertThat(List.copyOf(copy.nodes())).isEqualTo(List.copyOf(scratch.nodes()));
        assertThat(List.copyOf(copy.namespaces())).isEqualTo(List.copyOf(scratch.namespaces()));
    }
}
