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
}
