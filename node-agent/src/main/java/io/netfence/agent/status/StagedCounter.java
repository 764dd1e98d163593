package io.netfence.agent.status;

import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.KernelState;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * New connections each StagedNetworkPolicy would deny, from the counting rule of its would-deny chains
 * ({@code NETFENCE-WI-/WE-<hash>}, comment {@code netfence would-deny ingress|egress stagednetworkpolicy ns/name}; see
 * docs/dataplane.md "Staged policies"), and each StagedClusterNetworkPolicy likewise ({@code NETFENCE-VI-/VE-<hash>},
 * comment {@code netfence would-deny ingress|egress stagedclusternetworkpolicy name}), summed over directions and
 * families. Only staged policies with counts.
 */
public final class StagedCounter {

    private static final Pattern COMMENT = Pattern.compile(
            "--comment \"netfence would-deny (?:ingress|egress) stagednetworkpolicy ([^\"/]+/[^\"]+)\"");
    private static final Pattern CLUSTER_COMMENT = Pattern.compile(
            "--comment \"netfence would-deny (?:ingress|egress) stagedclusternetworkpolicy ([^\"]+)\"");

    private StagedCounter() {
    }

    /** StagedNetworkPolicy ({@code ns/name}) → new connections it would deny. */
    public static Map<String, Long> wouldDenyPerPolicy(KernelState counters) {
        return count(counters, "NETFENCE-WI-", "NETFENCE-WE-", COMMENT);
    }

    /** StagedClusterNetworkPolicy (name) → new connections one of its Deny rules would deny. */
    public static Map<String, Long> wouldDenyPerClusterPolicy(KernelState counters) {
        return count(counters, "NETFENCE-VI-", "NETFENCE-VE-", CLUSTER_COMMENT);
    }

    private static Map<String, Long> count(KernelState counters, String ingressPrefix, String egressPrefix, Pattern comment) {
        Map<String, Long> out = new TreeMap<>();
        for (IptablesTable t : counters.tables().values()) {
            for (Map.Entry<String, List<IptablesTable.Rule>> chain : t.chains().entrySet()) {
                if (!chain.getKey().startsWith(ingressPrefix) && !chain.getKey().startsWith(egressPrefix)) {
                    continue;
                }
                for (IptablesTable.Rule r : chain.getValue()) {
                    Matcher m = comment.matcher(r.body());
                    if (r.packets() > 0 && m.find()) {
                        out.merge(m.group(1), r.packets(), Long::sum);
                    }
                }
            }
        }
        return out;
    }
}
