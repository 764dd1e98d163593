package io.netfence.admin.clusterpolicies;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;
import io.netfence.engine.lint.ClusterPolicyLinter;
import io.netfence.engine.lint.LintWarning;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.Direction;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.UnusableClusterNetworkPolicy;
import io.netfence.engine.status.ClusterNetworkPolicyConditions;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** ClusterNetworkPolicies as the engine holds them, resolved against the live model; read only. */
@Service
public class ClusterPoliciesService {

    private final LiveCluster cluster;
    private final KubernetesClient client;

    public ClusterPoliciesService(LiveCluster cluster, KubernetesClient client) {
        this.cluster = cluster;
        this.client = client;
    }

    /**
     * Every ClusterNetworkPolicy in evaluation order (Admin, then Baseline; by priority, then name), then the stored
     * objects nothing is enforced for (by name).
     */
    public List<ClusterPolicySummary> list() {
        ClusterSnapshot s = cluster.snapshot();
        Map<String, UnusableClusterNetworkPolicy> unusable = unusable();
        List<ClusterPolicySummary> out = new ArrayList<>();
        for (ClusterNetworkPolicy p : s.clusterNetworkPolicies()) {
            out.add(summary(p, unusable.get(p.name()), s));
        }
        unusable.values().stream().filter(u -> s.clusterNetworkPolicy(u.name()).isEmpty())
                .forEach(u -> out.add(notEnforced(u)));
        return out;
    }

    /** One page of {@link #list()}; the continue token holds the last item's place in evaluation order. */
    public Page<ClusterPolicySummary> page(PageRequest request) {
        List<ClusterPolicySummary> ordered = list().stream().sorted(Comparator.comparing(ClusterPoliciesService::orderKey)).toList();
        return request.page(ordered, ClusterPoliciesService::orderKey);
    }

    public Optional<ClusterPolicyDetail> detail(String name) {
        ClusterSnapshot s = cluster.snapshot();
        UnusableClusterNetworkPolicy problem = unusable().get(name);
        Optional<ClusterNetworkPolicy> enforced = s.clusterNetworkPolicy(name);
        if (enforced.isEmpty() && problem == null) {
            return Optional.empty();
        }
        Map<String, Object> object = cluster.clusterNetworkPolicy(name).map(this::withoutManagedFields).orElse(null);
        String yaml = object == null ? "" : DraftYaml.write(object);
        if (enforced.isEmpty()) {
            return Optional.of(new ClusterPolicyDetail(notEnforced(problem), null, List.of(), object, yaml));
        }
        ClusterNetworkPolicy p = enforced.get();
        List<LintWarning> warnings = ClusterPolicyLinter.lint(p, s);
        return Optional.of(new ClusterPolicyDetail(summary(p, problem, s), ClusterPolicyResolver.resolve(p, s), warnings, object, yaml));
    }

    private Map<String, UnusableClusterNetworkPolicy> unusable() {
        return cluster.unusableClusterNetworkPolicies().stream()
                .collect(Collectors.toMap(UnusableClusterNetworkPolicy::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    private static ClusterPolicySummary summary(ClusterNetworkPolicy p, UnusableClusterNetworkPolicy problem, ClusterSnapshot s) {
        boolean domainNames = false;
        for (Direction d : Direction.values()) {
            domainNames |= p.rules(d).stream().flatMap(r -> r.peers().stream()).anyMatch(ClusterPolicyPeer.DomainNames.class::isInstance);
        }
        return new ClusterPolicySummary(p.name(), p.tier().apiName(), p.priority(), p.subject().describe(), p.ingress().size(),
                p.egress().size(), ClusterPolicyResolver.subjectPods(p, s).size(), ClusterNetworkPolicyConditions.accepted(p, problem),
                problem == null ? null : problem.describe(), domainNames, true);
    }

    private ClusterPolicySummary notEnforced(UnusableClusterNetworkPolicy u) {
        Object spec = cluster.clusterNetworkPolicy(u.name()).map(o -> o.getAdditionalProperties().get("spec")).orElse(null);
        Object tier = spec instanceof Map<?, ?> m ? m.get("tier") : null;
        Object priority = spec instanceof Map<?, ?> m ? m.get("priority") : null;
        return new ClusterPolicySummary(u.name(), tier instanceof String t ? t : null, priority instanceof Integer i ? i : null,
                "cannot be read", 0, 0, 0, ClusterNetworkPolicyConditions.accepted(null, u), u.describe(), false, false);
    }

    /** Sorts as the list: enforced policies in evaluation order, then the others by name. */
    static String orderKey(ClusterPolicySummary p) {
        if (!p.enforced()) {
            return PageRequest.key("1", p.name());
        }
        // priority is 0..1000 (validated), so four digits order as the numbers do
        return PageRequest.key("0", "Admin".equals(p.tier()) ? "0" : "1", String.format("%04d", p.priority()), p.name());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> withoutManagedFields(GenericKubernetesResource o) {
        Map<String, Object> object = client.getKubernetesSerialization().convertValue(o, Map.class);
        Object metadata = object.get("metadata");
        if (metadata instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).remove("managedFields");
        }
        return object;
    }
}
