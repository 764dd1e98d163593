package io.netfence.engine.synthetic;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded ClusterNetworkPolicies for a {@link SyntheticCluster} in the shapes platform teams write: per-team tenant
 * isolation (Pass within the team, Deny from other teams), always-allow monitoring, metadata-service blocks, and
 * Baseline default-deny / allow-DNS policies; about two thirds Admin, one third Baseline.
 */
public final class SyntheticClusterPolicies {

    private SyntheticClusterPolicies() {
    }

    public static ClusterSnapshot withClusterPolicies(ClusterSnapshot snapshot, int count, long seed) {
        Random random = new Random(seed);
        List<ClusterNetworkPolicy> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String team = "team" + random.nextInt(10);
            LabelSelector teamNs = LabelSelector.of(Map.of("team", team));
            LabelSelector allNs = LabelSelector.EVERYTHING;
            int priority = random.nextInt(100);
            ClusterNetworkPolicy p = switch (i % 6) {
                case 0, 1 -> new ClusterNetworkPolicy("tenant-" + i, ClusterPolicyTier.ADMIN, priority, ClusterPolicySubject.namespaces(teamNs),
                        List.of(rule("same-team", ClusterPolicyAction.PASS, new ClusterPolicyPeer.Pods(teamNs, null)),
                                rule("monitoring", ClusterPolicyAction.ACCEPT, new ClusterPolicyPeer.Pods(LabelSelector.of(Map.of("team", "monitoring")), null)),
                                rule("other-teams", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Pods(allNs, null))),
                        List.of());
                case 2 -> new ClusterNetworkPolicy("egress-guard-" + i, ClusterPolicyTier.ADMIN, priority,
                        ClusterPolicySubject.pods(teamNs, LabelSelector.of(Map.of("tier", random.nextBoolean() ? "web" : "api"))),
                        List.of(),
                        List.of(rule("metadata", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Networks(List.of(Cidr.of("169.254.169.254/32")))),
                                new ClusterPolicyRule("db-port", ClusterPolicyAction.ACCEPT,
                                        List.of(new ClusterPolicyPeer.Pods(teamNs, LabelSelector.of(Map.of("tier", "db")))),
                                        List.of(ClusterPolicyPort.number(Protocol.TCP, 5432), ClusterPolicyPort.named("web")))));
                case 3 -> new ClusterNetworkPolicy("scrape-" + i, ClusterPolicyTier.ADMIN, priority, ClusterPolicySubject.namespaces(allNs),
                        List.of(new ClusterPolicyRule("prometheus", ClusterPolicyAction.ACCEPT,
                                List.of(new ClusterPolicyPeer.Pods(LabelSelector.of(Map.of("team", "monitoring")), LabelSelector.of(Map.of("app", "prometheus")))),
                                List.of(ClusterPolicyPort.range(Protocol.TCP, 8000, 9100)))),
                        List.of());
                case 4 -> new ClusterNetworkPolicy("baseline-deny-" + i, ClusterPolicyTier.BASELINE, priority, ClusterPolicySubject.namespaces(teamNs),
                        List.of(rule("deny-all", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Pods(allNs, null))),
                        List.of(rule("deny-outside", ClusterPolicyAction.DENY, new ClusterPolicyPeer.Networks(List.of(Cidr.of("0.0.0.0/0"), Cidr.of("::/0"))))));
                default -> new ClusterNetworkPolicy("baseline-allow-" + i, ClusterPolicyTier.BASELINE, priority, ClusterPolicySubject.namespaces(allNs),
                        List.of(rule("same-team", ClusterPolicyAction.ACCEPT, new ClusterPolicyPeer.Pods(teamNs, LabelSelector.of(Map.of("tier", "web"))))),
                        List.of(new ClusterPolicyRule("dns", ClusterPolicyAction.ACCEPT,
                                List.of(new ClusterPolicyPeer.Pods(LabelSelector.of(Map.of("kubernetes.io/metadata.name", "kube-system")), null)),
                                List.of(ClusterPolicyPort.number(Protocol.UDP, 53), ClusterPolicyPort.number(Protocol.TCP, 53)))));
            };
            out.add(p);
        }
        return ClusterSnapshot.of(snapshot.namespaces(), snapshot.pods(), snapshot.nodes(), snapshot.policies(), out);
    }

    private static ClusterPolicyRule rule(String name, ClusterPolicyAction action, ClusterPolicyPeer peer) {
        return new ClusterPolicyRule(name, action, List.of(peer), List.of());
    }
}
