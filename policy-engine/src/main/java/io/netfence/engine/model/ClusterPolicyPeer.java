package io.netfence.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a ClusterNetworkPolicy rule's {@code from}/{@code to}. Pod peers ({@code namespaces}, {@code pods})
 * never match host-network pods; {@code networks} and {@code nodes} match by address (egress only);
 * {@code domainNames} is accepted but enforces nothing in netfence (no DNS interception): it never matches.
 * {@link Unknown} is a peer of a field netfence does not know (a newer CRD): the API says to fail closed with it.
 */
public sealed interface ClusterPolicyPeer {

    String describe();

    /** {@code namespaces} (podSelector null) or {@code pods} (both selectors). */
    record Pods(LabelSelector namespaceSelector, LabelSelector podSelector) implements ClusterPolicyPeer {
        public Pods {
            Objects.requireNonNull(namespaceSelector, "namespaceSelector");
        }

        public boolean selects(PodInfo pod, Map<String, String> namespaceLabels) {
            return pod.selectable() && namespaceSelector.matches(namespaceLabels)
                    && (podSelector == null || podSelector.matches(pod.labels()));
        }

        @Override
        public String describe() {
            return (podSelector == null ? "all pods" : "pods " + podSelector.describe()) + " in namespaces " + namespaceSelector.describe();
        }
    }

    /** {@code networks}: any address inside one of the CIDRs, pod addresses included. */
    record Networks(List<Cidr> cidrs) implements ClusterPolicyPeer {
        public Networks {
            cidrs = List.copyOf(cidrs);
        }

        public boolean contains(String ip) {
            for (Cidr c : cidrs) {
                if (c.contains(ip)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "networks " + String.join(",", cidrs.stream().map(Cidr::toString).toList());
        }
    }

    /** {@code nodes}: the addresses of the nodes whose labels match. */
    record Nodes(LabelSelector nodeSelector) implements ClusterPolicyPeer {
        public Nodes {
            Objects.requireNonNull(nodeSelector, "nodeSelector");
        }

        @Override
        public String describe() {
            return "nodes " + nodeSelector.describe();
        }
    }

    /** {@code domainNames}: not enforced by netfence; matches nothing. */
    record DomainNames(List<String> names) implements ClusterPolicyPeer {
        public DomainNames {
            names = List.copyOf(names);
        }

        @Override
        public String describe() {
            return "domainNames " + String.join(",", names) + " (not enforced by netfence)";
        }
    }

    /** A peer with no field netfence knows: Accept rules match nothing through it, Deny/Pass rules everything. */
    record Unknown(String fields) implements ClusterPolicyPeer {
        @Override
        public String describe() {
            return "unknown peer " + fields + " (fail closed)";
        }
    }
}
