package io.netfence.agent.status;

import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.KernelState;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.compile.RulesetNames;
import io.netfence.engine.model.PodInfo;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packets rejected per local pod, from rule counters ({@code iptables-save -c}). Per docs/dataplane.md each
 * isolated pod has an ingress and an egress chain ({@code NETFENCE-IN-/EG-<hash of ns/name>}) whose one rule
 * jumping to {@code NETFENCE-REJECT} counts that pod's rejected packets. Only pods with drops are returned.
 */
public final class DropCounter {

    private DropCounter() {
    }

    public static Map<String, Long> dropsPerPod(KernelState counters, Collection<PodInfo> localPods) {
        Map<String, String> podByChain = new HashMap<>();
        for (PodInfo p : localPods) {
            podByChain.put(RulesetNames.podIngressChain(p), p.key());
            podByChain.put(RulesetNames.podEgressChain(p), p.key());
        }
        Map<String, Long> drops = new TreeMap<>();
        for (IptablesTable t : counters.tables().values()) {
            for (Map.Entry<String, List<IptablesTable.Rule>> chain : t.chains().entrySet()) {
                String pod = podByChain.get(chain.getKey());
                if (pod == null) {
                    continue;
                }
                for (IptablesTable.Rule r : chain.getValue()) {
                    if (r.packets() > 0 && NodeRulesetCompiler.REJECT_CHAIN.equals(IptablesTable.jumpTarget(r.body()))) {
                        drops.merge(pod, r.packets(), Long::sum);
                    }
                }
            }
        }
        return drops;
    }
}
