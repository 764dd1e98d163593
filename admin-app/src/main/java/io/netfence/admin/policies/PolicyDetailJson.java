package io.netfence.admin.policies;

import io.netfence.admin.nodes.Enforcement;
import io.netfence.engine.lint.LintWarning;
import io.netfence.engine.snapshot.UnusablePolicy;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/policies/{ns}/{name}}: the detail with its resolution summarised by workload (counts, the first
 * {@value #MAX_WORKLOADS} workloads) and links to the paged pods list for the pods themselves; at 10k pods the full pod
 * lists were over a megabyte.
 */
public record PolicyDetailJson(String namespace, String name, String resourceVersion, Map<String, Object> object, String yaml,
                               Resolved resolved, List<LintWarning> warnings, UnusablePolicy unusable, Enforcement enforcement) {

    static final int MAX_WORKLOADS = 100;

    /**
     * @param selectedPods     the exact number of pods the policy selects
     * @param selectedPodsUrl  the paged list of those pods
     * @param selectedWorkloads the first {@value #MAX_WORKLOADS} of their workloads (by namespace and name), each with its count
     */
    public record Resolved(String podSelector, List<String> policyTypes, int selectedPods, int selectedWorkloadCount,
                           List<WorkloadCount> selectedWorkloads, String selectedPodsUrl, List<Rule> ingress, List<Rule> egress) {
    }

    public record Rule(String path, List<Peer> peers, List<String> ports) {
    }

    /** One peer: what it matches now as counts, the first workloads and a link to its pods ({@code podsUrl}, null for "everything"). */
    public record Peer(String path, String description, List<String> namespaces, List<String> cidrs, boolean everything,
                       int pods, int workloadCount, List<WorkloadCount> workloads, String podsUrl) {
    }

    public static PolicyDetailJson of(PolicyDetail d) {
        return new PolicyDetailJson(d.namespace(), d.name(), d.resourceVersion(), d.object(), d.yaml(), summary(d.resolved(), true),
                d.warnings(), d.unusable(), d.enforcement());
    }

    /**
     * A resolution summarised by workload; {@code links}: with the URLs of the paged pod lists (which resolve the stored
     * policy: false for a draft, whose selectors may differ from the stored ones).
     */
    public static Resolved summary(ResolvedPolicy r, boolean links) {
        return new Resolved(r.podSelector(), r.policyTypes(), r.selectedPods().size(), r.selectedWorkloads().size(),
                first(r.selectedWorkloads()), links ? PolicyPods.url(r.namespace(), r.name(), null) : null,
                rules(r, r.ingress(), links), rules(r, r.egress(), links));
    }

    private static List<Rule> rules(ResolvedPolicy r, List<ResolvedPolicy.Rule> rules, boolean links) {
        return rules.stream().map(rule -> new Rule(rule.path(), rule.peers().stream().map(p -> new Peer(p.path(), p.description(),
                p.namespaces(), p.cidrs(), p.everything(), p.pods().size(), p.workloads().size(), first(p.workloads()),
                p.everything() || !links ? null : PolicyPods.url(r.namespace(), r.name(), p.path()))).toList(), rule.ports())).toList();
    }

    private static List<WorkloadCount> first(List<WorkloadCount> workloads) {
        return workloads.size() <= MAX_WORKLOADS ? workloads : List.copyOf(workloads.subList(0, MAX_WORKLOADS));
    }
}
