package io.netfence.engine.lint;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Warnings about valid but probably wrong ClusterNetworkPolicies, judged against a cluster snapshot (the candidate
 * replaces any policy of the same name): shadowed rules, equal-priority overlaps (netfence's tie-break by name decides
 * where upstream leaves it undefined), a Pass with nothing after it, Baseline rules no pod reaches because
 * NetworkPolicies isolate every subject, and domainNames that netfence does not enforce.
 *
 * <p>Coverage between rules is decided from the rules themselves (equal or broader peers, ports and subjects), so a
 * "shadowed" warning always holds, whatever pods come and go; overlaps of equal-priority policies are judged on the
 * snapshot's pods.
 */
public final class ClusterPolicyLinter {

    private ClusterPolicyLinter() {
    }

    public static List<LintWarning> lint(ClusterNetworkPolicy candidate, ClusterSnapshot snapshot) {
        ClusterSnapshot cluster = snapshot.withClusterNetworkPolicy(candidate);
        List<LintWarning> out = new ArrayList<>();
        List<PodInfo> subjects = cluster.pods().stream()
                .filter(p -> candidate.subject().selects(p, cluster.namespaceLabels(p.namespace()))).toList();
        if (subjects.isEmpty()) {
            out.add(new LintWarning(LintCodes.SELECTS_NO_POD, "spec.subject", "selects no pod: no running pod with its own IP matches "
                    + candidate.subject().describe(), "host-network, finished and address-less pods are never subjects"));
        }
        for (Direction dir : Direction.values()) {
            List<ClusterPolicyRule> rules = candidate.rules(dir);
            for (int i = 0; i < rules.size(); i++) {
                shadowed(candidate, dir, i, cluster, out);
                domainNames(candidate, dir, i, out);
                pass(candidate, dir, i, subjects, cluster, out);
            }
            if (candidate.tier() == ClusterPolicyTier.BASELINE && !rules.isEmpty()) {
                baselineUnreachable(candidate, dir, subjects, cluster, out);
            }
        }
        equalPriority(candidate, subjects, cluster, out);
        return out;
    }

    private static String path(Direction dir, int i) {
        return ClusterNetworkPolicy.rulePath(dir, i);
    }

    private static void shadowed(ClusterNetworkPolicy cnp, Direction dir, int i, ClusterSnapshot cluster, List<LintWarning> out) {
        ClusterPolicyRule rule = cnp.rules(dir).get(i);
        for (int e = 0; e < i; e++) {
            ClusterPolicyRule earlier = cnp.rules(dir).get(e);
            if (covers(earlier, rule)) {
                out.add(shadowWarning(cnp, dir, i, rule, earlier, "rule " + earlier.label(e) + " (" + path(dir, e) + ") of this policy"));
                return;
            }
        }
        for (ClusterNetworkPolicy before : cluster.clusterNetworkPolicies()) {
            if (before.name().equals(cnp.name())) {
                return; // evaluation order reached the candidate
            }
            if (before.tier() != cnp.tier() || !covers(before.subject(), cnp.subject())) {
                continue;
            }
            List<ClusterPolicyRule> rs = before.rules(dir);
            for (int e = 0; e < rs.size(); e++) {
                if (covers(rs.get(e), rule)) {
                    out.add(shadowWarning(cnp, dir, i, rule, rs.get(e), before.describe() + " rule " + rs.get(e).label(e)));
                    return;
                }
            }
        }
    }

    private static LintWarning shadowWarning(ClusterNetworkPolicy cnp, Direction dir, int i, ClusterPolicyRule rule,
                                             ClusterPolicyRule earlier, String earlierText) {
        String effect = earlier.action() == rule.action()
                ? "it is redundant (same action " + rule.action().apiName() + ")"
                : "its " + rule.action().apiName() + " never takes effect (the earlier rule " + switch (earlier.action()) {
                    case ACCEPT -> "accepts";
                    case DENY -> "denies";
                    case PASS -> "passes";
                } + " first)";
        return new LintWarning(LintCodes.SHADOWED_RULE, path(dir, i), "rule " + rule.label(i) + " is shadowed: " + earlierText
                + " matches every connection it matches and is evaluated first, so " + effect,
                "remove it, or move it before the broader rule (or give its policy a lower priority value)");
    }

    /** Whether {@code a} matches every connection {@code b} matches (both rules of subjects {@code a} covers). */
    static boolean covers(ClusterPolicyRule a, ClusterPolicyRule b) {
        if (hasUnknown(b) || (hasUnknown(a) && a.action() == ClusterPolicyAction.ACCEPT)) {
            return false;
        }
        if (hasUnknown(a)) {
            return true; // a fail-closed Deny/Pass matches everything
        }
        if (b.peers().stream().anyMatch(p -> p instanceof ClusterPolicyPeer.DomainNames)) {
            return false;
        }
        for (ClusterPolicyPeer pb : b.peers()) {
            if (a.peers().stream().noneMatch(pa -> covers(pa, pb))) {
                return false;
            }
        }
        if (a.allPorts()) {
            return true;
        }
        if (b.allPorts()) {
            return false;
        }
        for (ClusterPolicyPort pb : b.ports()) {
            if (a.ports().stream().noneMatch(pa -> covers(pa, pb))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasUnknown(ClusterPolicyRule r) {
        return r.peers().stream().anyMatch(p -> p instanceof ClusterPolicyPeer.Unknown);
    }

    private static boolean covers(ClusterPolicyPeer a, ClusterPolicyPeer b) {
        if (a.equals(b)) {
            return true;
        }
        if (a instanceof ClusterPolicyPeer.Pods pa && b instanceof ClusterPolicyPeer.Pods pb) {
            boolean nsCovers = pa.namespaceSelector().isEmpty() || pa.namespaceSelector().equals(pb.namespaceSelector());
            boolean podCovers = pa.podSelector() == null || pa.podSelector().isEmpty() || pa.podSelector().equals(pb.podSelector());
            return nsCovers && podCovers;
        }
        if (a instanceof ClusterPolicyPeer.Networks na && b instanceof ClusterPolicyPeer.Networks nb) {
            return nb.cidrs().stream().allMatch(cb -> na.cidrs().stream().anyMatch(ca -> ca.contains(cb)));
        }
        if (a instanceof ClusterPolicyPeer.Nodes na && b instanceof ClusterPolicyPeer.Nodes) {
            return na.nodeSelector().isEmpty();
        }
        return false;
    }

    private static boolean covers(ClusterPolicyPort a, ClusterPolicyPort b) {
        if (a.isNamed() || b.isNamed()) {
            return a.equals(b);
        }
        return a.protocol() == b.protocol() && a.start() <= b.start() && a.end() >= b.end();
    }

    private static boolean covers(ClusterPolicySubject a, ClusterPolicySubject b) {
        if (a.equals(b)) {
            return true;
        }
        boolean nsCovers = a.namespaceSelector().isEmpty() || a.namespaceSelector().equals(b.namespaceSelector());
        boolean podCovers = a.podSelector() == null || a.podSelector().isEmpty() || a.podSelector().equals(b.podSelector());
        return nsCovers && podCovers;
    }

    private static void domainNames(ClusterNetworkPolicy cnp, Direction dir, int i, List<LintWarning> out) {
        List<ClusterPolicyPeer> peers = cnp.rules(dir).get(i).peers();
        for (int p = 0; p < peers.size(); p++) {
            if (peers.get(p) instanceof ClusterPolicyPeer.DomainNames d) {
                out.add(new LintWarning(LintCodes.DOMAIN_NAMES_NOT_ENFORCED, path(dir, i) + ".to[" + p + "].domainNames",
                        "domainNames " + String.join(", ", d.names()) + " are not enforced: netfence's iptables dataplane has no DNS "
                                + "interception, so this peer matches no traffic",
                        "use networks with the service's CIDRs, or an implementation with FQDN support"));
            }
        }
    }

    private static void pass(ClusterNetworkPolicy cnp, Direction dir, int i, List<PodInfo> subjects, ClusterSnapshot cluster,
                             List<LintWarning> out) {
        ClusterPolicyRule rule = cnp.rules(dir).get(i);
        if (rule.action() != ClusterPolicyAction.PASS) {
            return;
        }
        if (cnp.tier() == ClusterPolicyTier.BASELINE) {
            out.add(new LintWarning(LintCodes.PASS_NOTHING_FOLLOWS, path(dir, i) + ".action", "Pass in the Baseline tier skips the rest of "
                    + "the Baseline tier, after which the default allows: it acts as Accept", "write Accept to say what it does"));
            return;
        }
        if (subjects.isEmpty()) {
            return;
        }
        boolean anyFollows = subjects.stream().anyMatch(pod -> isolatedByNetworkPolicy(pod, dir, cluster)
                || cluster.clusterNetworkPolicies().stream().anyMatch(c -> c.tier() == ClusterPolicyTier.BASELINE && !c.rules(dir).isEmpty()
                && c.subject().selects(pod, cluster.namespaceLabels(pod.namespace()))));
        if (!anyFollows) {
            out.add(new LintWarning(LintCodes.PASS_NOTHING_FOLLOWS, path(dir, i) + ".action", "rule " + rule.label(i) + " passes to "
                    + "NetworkPolicy and Baseline, but no NetworkPolicy isolates its " + subjects.size() + " subject pod(s) for "
                    + dir.apiName() + " and no Baseline policy selects them: today it acts as Accept",
                    "write Accept if that is meant, or add the NetworkPolicy or Baseline policy the decision is passed to"));
        }
    }

    private static boolean isolatedByNetworkPolicy(PodInfo pod, Direction dir, ClusterSnapshot cluster) {
        for (Policy p : cluster.policies()) {
            if (p.isolates(dir) && p.selects(pod)) {
                return true;
            }
        }
        return false;
    }

    private static void baselineUnreachable(ClusterNetworkPolicy cnp, Direction dir, List<PodInfo> subjects, ClusterSnapshot cluster,
                                            List<LintWarning> out) {
        if (subjects.isEmpty() || !subjects.stream().allMatch(p -> isolatedByNetworkPolicy(p, dir, cluster))) {
            return;
        }
        String field = dir == Direction.INGRESS ? "spec.ingress" : "spec.egress";
        out.add(new LintWarning(LintCodes.BASELINE_UNREACHABLE, field, "no connection reaches these Baseline rules: NetworkPolicies "
                + "isolate every one of the " + subjects.size() + " subject pod(s) for " + dir.apiName() + ", and NetworkPolicy decides "
                + "before the Baseline tier", "use the Admin tier for rules NetworkPolicies must not override, or narrow the subject"));
    }

    private static void equalPriority(ClusterNetworkPolicy cnp, List<PodInfo> subjects, ClusterSnapshot cluster, List<LintWarning> out) {
        for (ClusterNetworkPolicy other : cluster.clusterNetworkPolicies()) {
            if (other.name().equals(cnp.name()) || other.tier() != cnp.tier() || other.priority() != cnp.priority()) {
                continue;
            }
            boolean sharedSubject = subjects.stream().anyMatch(p -> other.subject().selects(p, cluster.namespaceLabels(p.namespace())));
            if (!sharedSubject || !conflicting(cnp, other)) {
                continue;
            }
            String first = cnp.name().compareTo(other.name()) < 0 ? cnp.name() : other.name();
            out.add(new LintWarning(LintCodes.EQUAL_PRIORITY_OVERLAP, "spec.priority", cnp.tier().apiName() + " policy `" + other.name()
                    + "` has the same priority " + cnp.priority() + ", selects some of the same pods and has rules with another action "
                    + "in the same direction: upstream leaves their order undefined; netfence evaluates `" + first + "` first (by name)",
                    "give the policies different priorities so the order is explicit"));
        }
    }

    /** Some pair of rules in the same direction with different actions whose peers and ports could both match. */
    private static boolean conflicting(ClusterNetworkPolicy a, ClusterNetworkPolicy b) {
        for (Direction dir : Direction.values()) {
            for (ClusterPolicyRule ra : a.rules(dir)) {
                for (ClusterPolicyRule rb : b.rules(dir)) {
                    if (ra.action() != rb.action() && mayOverlap(ra, rb)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean mayOverlap(ClusterPolicyRule a, ClusterPolicyRule b) {
        if (!a.allPorts() && !b.allPorts() && a.ports().stream().noneMatch(pa -> b.ports().stream().anyMatch(pb -> portsMayOverlap(pa, pb)))) {
            return false;
        }
        for (ClusterPolicyPeer pa : a.peers()) {
            for (ClusterPolicyPeer pb : b.peers()) {
                if (peersMayOverlap(pa, pb)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean portsMayOverlap(ClusterPolicyPort a, ClusterPolicyPort b) {
        if (a.isNamed() || b.isNamed()) {
            return true; // resolved per pod: could be any number
        }
        return a.protocol() == b.protocol() && a.start() <= b.end() && b.start() <= a.end();
    }

    private static boolean peersMayOverlap(ClusterPolicyPeer a, ClusterPolicyPeer b) {
        if (a instanceof ClusterPolicyPeer.DomainNames || b instanceof ClusterPolicyPeer.DomainNames) {
            return false;
        }
        if (a instanceof ClusterPolicyPeer.Networks na && b instanceof ClusterPolicyPeer.Networks nb) {
            for (Cidr ca : na.cidrs()) {
                for (Cidr cb : nb.cidrs()) {
                    if (ca.overlaps(cb)) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (a instanceof ClusterPolicyPeer.Pods pa && b instanceof ClusterPolicyPeer.Pods pb) {
            return !disjoint(pa.podSelector(), pb.podSelector()) && !disjoint(pa.namespaceSelector(), pb.namespaceSelector());
        }
        return true; // nodes vs networks, pods vs networks, unknown: could overlap
    }

    /** Two selectors that demand different values for the same label key can never both match. */
    private static boolean disjoint(LabelSelector a, LabelSelector b) {
        if (a == null || b == null) {
            return false;
        }
        for (var e : a.matchLabels().entrySet()) {
            String other = b.matchLabels().get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                return true;
            }
        }
        return false;
    }
}
