package io.netfence.engine.lint;

import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A named port that no destination pod exposes with that protocol, so it matches nothing. Destinations are
 * the policy's own pods for ingress and the rule's peer pods for egress (named ports resolve on the
 * destination). Rules whose destinations are no pods at all are left to the other checks.
 */
final class NamedPortCheck implements LintCheck {

    @Override
    public List<LintWarning> check(Policy policy, ClusterSnapshot cluster) {
        List<LintWarning> out = new ArrayList<>();
        List<PodInfo> selected = cluster.podsInNamespace(policy.namespace()).stream().filter(policy::selects).toList();
        for (Direction d : Direction.values()) {
            List<PolicyRule> rules = policy.rules(d);
            for (int i = 0; i < rules.size(); i++) {
                PolicyRule rule = rules.get(i);
                if (rule.ports().stream().noneMatch(PortSpec::isNamed)) {
                    continue; // resolving an egress rule's peers over every pod of the cluster is for named ports only
                }
                List<PodInfo> destinations = d == Direction.INGRESS ? selected : peerPods(rule, policy, cluster);
                if (destinations.isEmpty()) {
                    continue;
                }
                for (int j = 0; j < rule.ports().size(); j++) {
                    PortSpec ps = rule.ports().get(j);
                    if (!ps.isNamed() || destinations.stream().anyMatch(p -> p.resolveNamedPort(ps.portName(), ps.protocol()).isPresent())) {
                        continue;
                    }
                    String whose = d == Direction.INGRESS ? "the " + destinations.size() + " pod(s) this policy selects"
                            : "the " + destinations.size() + " pod(s) this rule allows traffic to";
                    out.add(new LintWarning(LintCodes.NAMED_PORT_NOT_EXPOSED, Paths.port(d, i, j) + ".port",
                            "none of " + whose + " has a container port named \"" + ps.portName() + "\" on " + ps.protocol()
                                    + ", so this port matches nothing",
                            namesInUse(destinations)));
                }
            }
        }
        return out;
    }

    private static List<PodInfo> peerPods(PolicyRule rule, Policy policy, ClusterSnapshot cluster) {
        return cluster.pods().stream().filter(PodInfo::selectable).filter(pod -> rule.allPeers() || rule.peers().stream().anyMatch(peer ->
                peer instanceof SelectorPeer sp ? sp.selects(pod, cluster.namespaceLabels(pod.namespace()), policy.namespace())
                        : pod.ips().stream().anyMatch(((IpBlockPeer) peer)::contains))).toList();
    }

    private static String namesInUse(List<PodInfo> pods) {
        TreeSet<String> names = new TreeSet<>();
        for (PodInfo p : pods) {
            for (ContainerPortInfo c : p.ports()) {
                if (c.name() != null) {
                    names.add(c.name() + "/" + c.protocol());
                }
            }
        }
        if (names.isEmpty()) {
            return "those pods name no container ports: use a port number";
        }
        List<String> shown = names.stream().limit(8).toList();
        return "port names on those pods: " + String.join(", ", shown) + (names.size() > shown.size() ? ", ..." : "");
    }
}
