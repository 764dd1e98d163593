package io.netfence.admin.clusterpolicies;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.admin.audit.PolicyDiff;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.preview.MatrixImpact;
import io.netfence.admin.preview.Preview;
import io.netfence.admin.preview.PreviewService;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.stereotype.Service;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Previews a ClusterNetworkPolicy draft or deletion with the node compiler the agents run ({@link PreviewService#compareOn}).
 * A node's ruleset holds the tier chains of its local subject pods only, so only nodes hosting a pod the policy's
 * subject selects, before or after, are compiled; every other node cannot change.
 */
@Service
public class ClusterPreviewService {

    private final LiveCluster cluster;
    private final ClusterDraftAnalyzer analyzer;
    private final PreviewService previews;

    public ClusterPreviewService(LiveCluster cluster, ClusterDraftAnalyzer analyzer, PreviewService previews) {
        this.cluster = cluster;
        this.analyzer = analyzer;
        this.previews = previews;
    }

    public ClusterPreview preview(String draftYaml) {
        long started = System.nanoTime();
        ClusterSnapshot current = cluster.snapshot();
        ClusterDraftAnalysis draft = analyzer.analyze(draftYaml, current);
        if (!draft.valid()) {
            return ClusterPreview.invalid(draft.errors());
        }
        ClusterNetworkPolicy policy = draft.policy();
        ClusterSnapshot after = current.withClusterNetworkPolicy(policy);
        ClusterNetworkPolicy stored = current.clusterNetworkPolicy(policy.name()).orElse(null);
        Set<String> candidates = hosting(current, stored);
        candidates.addAll(hosting(after, policy));
        Preview nodes = previews.compareOn(current, after, candidates, "ClusterNetworkPolicy " + policy.name(), started);
        GenericKubernetesResource storedObject = cluster.clusterNetworkPolicy(policy.name()).orElse(null);
        return new ClusterPreview(policy.name(), List.of(), nodes, PolicyDiff.between(storedObject, draft.object()),
                MatrixImpact.between(current, after, firstNamespace(after, policy), probes(stored, policy)), draft.resolved());
    }

    /** What deleting the stored policy would change (the cluster without it). */
    public ClusterPreview previewDelete(String name) {
        long started = System.nanoTime();
        ClusterSnapshot current = cluster.snapshot();
        ClusterNetworkPolicy stored = current.clusterNetworkPolicy(name).orElse(null);
        ClusterSnapshot after = current.withoutClusterNetworkPolicy(name);
        Preview nodes = previews.compareOn(current, after, hosting(current, stored), "ClusterNetworkPolicy " + name, started);
        return new ClusterPreview(name, List.of(), nodes, PolicyDiff.between(cluster.clusterNetworkPolicy(name).orElse(null), null),
                stored == null ? List.of() : MatrixImpact.between(current, after, firstNamespace(current, stored), probes(stored, null)), null);
    }

    /** Nodes hosting a pod the policy's subject selects in {@code s} (none for null). */
    static Set<String> hosting(ClusterSnapshot s, ClusterNetworkPolicy policy) {
        Set<String> nodes = new TreeSet<>();
        if (policy != null) {
            s.pods().stream().filter(p -> p.selectable() && p.nodeName() != null
                            && policy.subject().selects(p, s.namespaceLabels(p.namespace())))
                    .forEach(p -> nodes.add(p.nodeName()));
        }
        return nodes;
    }

    /** The numeric ports the rules of both versions name (at most four), plus 80/TCP (or 8080) that they may not name. */
    static List<MatrixImpact.Probe> probes(ClusterNetworkPolicy before, ClusterNetworkPolicy after) {
        Set<MatrixImpact.Probe> named = new LinkedHashSet<>();
        Stream.of(before, after).filter(p -> p != null)
                .flatMap(p -> Stream.of(Direction.values()).flatMap(d -> p.rules(d).stream()))
                .flatMap(r -> r.ports().stream()).filter(port -> !port.isNamed())
                .forEach(port -> named.add(new MatrixImpact.Probe(port.start(), port.protocol())));
        List<MatrixImpact.Probe> first = named.stream().limit(4).toList();
        MatrixImpact.Probe other = first.contains(new MatrixImpact.Probe(80, Protocol.TCP)) ? new MatrixImpact.Probe(8080, Protocol.TCP)
                : new MatrixImpact.Probe(80, Protocol.TCP);
        return Stream.concat(first.stream(), Stream.of(other)).distinct().toList();
    }

    /** The first namespace holding a subject pod: its pods come first when the matrix must leave pods out. */
    private static String firstNamespace(ClusterSnapshot s, ClusterNetworkPolicy policy) {
        return s.pods().stream().filter(p -> policy.subject().selects(p, s.namespaceLabels(p.namespace())))
                .map(io.netfence.engine.model.PodInfo::namespace).sorted().findFirst().orElse("");
    }

}
