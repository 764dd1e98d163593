package io.netfence.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * One ingress or egress rule of a ClusterNetworkPolicy. {@code name} may be empty. An empty {@code ports} list means
 * every port of every protocol. {@code peers} is never empty in a valid object; {@link #failClosed()} rules (from an
 * object netfence cannot fully read) hold the single peer {@link ClusterPolicyPeer.Unknown}.
 */
public record ClusterPolicyRule(String name, ClusterPolicyAction action, List<ClusterPolicyPeer> peers,
                                List<ClusterPolicyPort> ports) {

    public ClusterPolicyRule {
        name = name == null ? "" : name;
        Objects.requireNonNull(action, "action");
        peers = List.copyOf(peers);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A Deny or Pass rule that matches every connection (what the API's "fail closed" means for them). */
    public static ClusterPolicyRule failClosed(String name, ClusterPolicyAction action, String why) {
        return new ClusterPolicyRule(name, action, List.of(new ClusterPolicyPeer.Unknown(why)), List.of());
    }

    public boolean allPorts() {
        return ports.isEmpty();
    }

    /** {@code `deny-cross-tenant`} or {@code #2} for an unnamed rule (index from 0 as in the field path). */
    public String label(int index) {
        return name.isEmpty() ? "#" + index : "`" + name + "`";
    }
}
