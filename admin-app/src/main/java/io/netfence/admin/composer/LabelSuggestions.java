package io.netfence.admin.composer;

import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Label keys and values (and named ports) that exist in the live cluster, offered as the composer's datalists. */
public record LabelSuggestions(Set<String> podKeys, Set<String> podValues, Set<String> namespaceKeys,
                               Set<String> namespaceValues, List<String> namespaces, Set<String> portNames) {

    private record Cached(ClusterSnapshot snapshot, LabelSuggestions suggestions) {
    }

    // the same snapshot object until the model changes: every composer request would otherwise walk every pod's labels
    private static volatile Cached last;

    public static LabelSuggestions of(ClusterSnapshot s) {
        Cached c = last;
        if (c != null && c.snapshot() == s) {
            return c.suggestions();
        }
        LabelSuggestions out = compute(s);
        last = new Cached(s, out);
        return out;
    }

    private static LabelSuggestions compute(ClusterSnapshot s) {
        Set<String> pk = new TreeSet<>(), pv = new TreeSet<>(), nk = new TreeSet<>(), nv = new TreeSet<>(), ports = new TreeSet<>();
        for (PodInfo p : s.pods()) {
            pk.addAll(p.labels().keySet());
            pv.addAll(p.labels().values());
            for (ContainerPortInfo c : p.ports()) {
                if (c.name() != null) {
                    ports.add(c.name());
                }
            }
        }
        for (NamespaceInfo n : s.namespaces()) {
            nk.addAll(n.labels().keySet());
            nv.addAll(n.labels().values());
        }
        return new LabelSuggestions(pk, pv, nk, nv, s.namespaces().stream().map(NamespaceInfo::name).toList(), ports);
    }
}
