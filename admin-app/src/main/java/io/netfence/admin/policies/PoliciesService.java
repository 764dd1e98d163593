package io.netfence.admin.policies;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;
import io.netfence.admin.pods.PodCatalog;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.lint.LintWarning;
import io.netfence.engine.lint.PolicyLinter;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.UnusablePolicy;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

@Service
public class PoliciesService {

    private final LiveCluster cluster;
    private final KubernetesClient client;

    private final io.netfence.admin.nodes.PolicyEnforcement enforcement;

    private final PodCatalog catalog;

    public PoliciesService(LiveCluster cluster, KubernetesClient client, io.netfence.admin.nodes.PolicyEnforcement enforcement,
                           PodCatalog catalog) {
        this.cluster = cluster;
        this.catalog = catalog;
        this.client = client;
        this.enforcement = enforcement;
    }

    /**
     * One page of the policies of a namespace (all when blank) whose name contains {@code nameContains}; selected pods,
     * workloads and enforcement are worked out for that page only.
     */
    public Page<PolicySummary> list(String namespace, String nameContains, PageRequest request) {
        PodCatalog.Index index = catalog.current();
        ClusterSnapshot s = index.snapshot();
        Map<String, UnusablePolicy> unusable = unusableByKey();
        String ns = namespace == null || namespace.isBlank() ? null : namespace.strip();
        String q = nameContains == null || nameContains.isBlank() ? null : nameContains.strip();
        List<Policy> matching = s.policies().stream()
                .filter(p -> (ns == null || p.namespace().equals(ns)) && (q == null || p.name().contains(q)))
                .toList();
        Page<Policy> page = request.page(matching, p -> PageRequest.key(p.namespace(), p.name()));
        Map<String, io.netfence.admin.nodes.Enforcement> enforced = enforcement.of(page.items().stream().map(Policy::key).toList());
        List<PolicySummary> rows = page.items().stream().map(p -> {
            List<PodInfo> selected = s.podsInNamespace(p.namespace()).stream().filter(p::selects).toList();
            return new PolicySummary(p.namespace(), p.name(), p.podSelector().describe(),
                    p.policyTypes().stream().map(Direction::apiName).sorted().toList(), p.ingress().size(), p.egress().size(),
                    selected.size(), index.group(selected).size(),
                    unusable.containsKey(p.key()) ? unusable.get(p.key()).describe() : null,
                    enforced.get(p.key()));
        }).toList();
        return new Page<>(rows, page.continueToken(), page.remaining(), page.total(), page.offset());
    }

    private Map<String, UnusablePolicy> unusableByKey() {
        Map<String, UnusablePolicy> out = new java.util.HashMap<>();
        cluster.unusablePolicies().forEach(u -> out.put(u.key(), u));
        return out;
    }

    /** For the API: enforcement worked out before answering. */
    public Optional<PolicyDetail> detail(String namespace, String name) {
        return detail(namespace, name, null);
    }

    /**
     * For the page: enforcement when known within {@code enforcementWait} (null: wait for it), else null and the page
     * says it is being worked out.
     */
    public Optional<PolicyDetail> detail(String namespace, String name, java.time.Duration enforcementWait) {
        ClusterSnapshot s = cluster.snapshot();
        Optional<Policy> policy = s.policy(namespace, name);
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        NetworkPolicy stored = cluster.networkPolicy(namespace, name).orElse(null);
        String yaml = stored == null ? "" : yaml(stored);
        Analysis analysis = analysis(s, policy.get(), stored);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> object = stored == null ? null : client.getKubernetesSerialization().convertValue(
                new NetworkPolicyBuilder(stored).editMetadata().withManagedFields(List.of()).endMetadata().build(), java.util.Map.class);
        return Optional.of(new PolicyDetail(namespace, name, stored == null ? null : stored.getMetadata().getResourceVersion(), object,
                yaml, analysis.resolved(), analysis.warnings(), unusableByKey().get(namespace + "/" + name),
                enforcementWait == null ? enforcement.of(namespace, name)
                        : enforcement.ofWithin(namespace, name, enforcementWait).orElse(null)));
    }

    /** A stored policy resolved and linted against one snapshot. */
    private record Analysis(ResolvedPolicy resolved, List<LintWarning> warnings) {
    }

    private record AnalysisCache(ClusterSnapshot snapshot, Map<String, Analysis> byPolicy) {
    }

    private volatile AnalysisCache analyses = new AnalysisCache(null, Map.of());

    /**
     * Resolution and lint of a stored policy, once per snapshot and stored version: at 10,000 pods they take hundreds of
     * milliseconds, and the page, the API and a reload ask for the same policy in the same cluster state.
     */
    private Analysis analysis(ClusterSnapshot s, Policy policy, NetworkPolicy stored) {
        AnalysisCache c = analyses;
        if (c.snapshot() != s) {
            c = new AnalysisCache(s, new java.util.concurrent.ConcurrentHashMap<>());
            analyses = c;
        }
        String key = policy.key() + "@" + (stored == null ? "" : stored.getMetadata().getResourceVersion());
        Analysis known = c.byPolicy().get(key);
        if (known != null) {
            return known;
        }
        List<LintWarning> warnings;
        try {
            warnings = stored == null ? PolicyLinter.lint(policy, s) : PolicyLinter.lint(stored, s);
        } catch (RuntimeException e) {
            warnings = PolicyLinter.lint(policy, s);
        }
        Analysis a = new Analysis(PolicyResolver.resolve(policy, s), List.copyOf(warnings));
        if (c.byPolicy().size() < 16) {
            c.byPolicy().put(key, a);
        }
        return a;
    }

    /** The object as {@code kubectl get -o yaml} would show it, without managedFields. */
    public String yaml(NetworkPolicy np) {
        NetworkPolicy copy = new NetworkPolicyBuilder(np).editMetadata().withManagedFields(List.of()).endMetadata().build();
        return io.netfence.admin.composer.DraftYaml.write(client.getKubernetesSerialization().convertValue(copy, java.util.Map.class));
    }
}
