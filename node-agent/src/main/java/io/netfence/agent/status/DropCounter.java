package io.netfence.agent.status;

import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.KernelState;
import io.netfence.engine.model.PodInfo;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packets rejected per local pod, from the counters of netfence's reject rules ({@code iptables-save -c}).
 * A reject rule names the pod it protects in its comment ({@code --comment "... ns/name ..."}, see
 * docs/dataplane.md); its packet counter is that pod's drops. Only pods with drops are returned.
 */
public final class DropCounter {

    private static final Pattern COMMENT = Pattern.compile("--comment (\"[^\"]*\"|\\S+)");
    private static final Pattern POD_KEY = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private DropCounter() {
    }

    public static Map<String, Long> dropsPerPod(KernelState counters, Collection<PodInfo> localPods) {
        Set<String> keys = new java.util.HashSet<>();
        localPods.forEach(p -> keys.add(p.key()));
        Map<String, Long> drops = new TreeMap<>();
        for (IptablesTable t : counters.tables().values()) {
            for (var rules : t.chains().values()) {
                for (IptablesTable.Rule r : rules) {
                    if (r.packets() == 0 || !rejects(r.body())) {
                        continue;
                    }
                    String pod = podOf(r.body(), keys);
                    if (pod != null) {
                        drops.merge(pod, r.packets(), Long::sum);
                    }
                }
            }
        }
        return drops;
    }

    private static boolean rejects(String body) {
        String target = IptablesTable.jumpTarget(body);
        return "REJECT".equals(target) || "DROP".equals(target) || "NETFENCE-REJECT".equals(target);
    }

    private static String podOf(String body, Set<String> keys) {
        Matcher c = COMMENT.matcher(body);
        while (c.find()) {
            Matcher k = POD_KEY.matcher(c.group(1));
            while (k.find()) {
                if (keys.contains(k.group())) {
                    return k.group();
                }
            }
        }
        return null;
    }
}
