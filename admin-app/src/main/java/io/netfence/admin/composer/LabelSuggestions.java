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

    public static LabelSuggestions of(ClusterSnapshot s) {
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
