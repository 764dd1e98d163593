package io.netfence.engine.workload;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.PodOwner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resolves the workload of a pod from its owner reference alone, without watching ReplicaSets or Jobs (the console and
 * the agent watch pods, not every controller object; a real cluster has far more ReplicaSets than Deployments):
 * <ul>
 * <li>Deployment, StatefulSet, DaemonSet, Job, CronJob and other kinds: the owner as named;</li>
 * <li>a ReplicaSet named {@code <deployment>-<hash>} whose pod carries {@code pod-template-hash=<hash>}: the Deployment
 * (the Deployment controller names its ReplicaSets so and stamps the hash on their pods); any other ReplicaSet stays a
 * ReplicaSet;</li>
 * <li>a Job named {@code <cronjob>-<digits>} (8 or more: the CronJob controller appends the scheduled time in minutes
 * since the epoch) whose pod carries no {@code pod-template-hash}: the CronJob. A hand-made Job named like that (say
 * {@code backup-20261130}) is shown as a CronJob of {@code backup}: a naming heuristic, which is what not watching Jobs
 * costs;</li>
 * <li>no owner: the {@code app.kubernetes.io/name} label, else the {@code app} label (kind {@value WorkloadRef#APP}),
 * else the pod itself (kind {@value WorkloadRef#POD}).</li>
 * </ul>
 */
public final class Workloads {

    static final String TEMPLATE_HASH = "pod-template-hash";
    private static final Pattern CRONJOB_JOB = Pattern.compile("^(.+)-(\\d{8,})$");

    private Workloads() {
    }

    public static WorkloadRef of(PodInfo pod) {
        PodOwner owner = pod.owner();
        if (owner == null) {
            String app = pod.labels().get("app.kubernetes.io/name");
            if (app == null || app.isBlank()) {
                app = pod.labels().get("app");
            }
            return app == null || app.isBlank() ? new WorkloadRef(WorkloadRef.POD, pod.namespace(), pod.name())
                    : new WorkloadRef(WorkloadRef.APP, pod.namespace(), app);
        }
        if ("ReplicaSet".equals(owner.kind())) {
            String hash = pod.labels().get(TEMPLATE_HASH);
            String suffix = "-" + hash;
            if (hash != null && !hash.isEmpty() && owner.name().endsWith(suffix) && owner.name().length() > suffix.length()) {
                return new WorkloadRef("Deployment", pod.namespace(), owner.name().substring(0, owner.name().length() - suffix.length()));
            }
        } else if ("Job".equals(owner.kind())) {
            var m = CRONJOB_JOB.matcher(owner.name());
            if (m.matches()) {
                return new WorkloadRef("CronJob", pod.namespace(), m.group(1));
            }
        }
        return new WorkloadRef(owner.kind(), pod.namespace(), owner.name());
    }

    /** The pods grouped by workload, workloads sorted by namespace, name and kind, pods in the order given. */
    public static Map<WorkloadRef, List<PodInfo>> group(List<PodInfo> pods) {
        Map<WorkloadRef, List<PodInfo>> sorted = new TreeMap<>();
        for (PodInfo p : pods) {
            sorted.computeIfAbsent(of(p), k -> new ArrayList<>()).add(p);
        }
        Map<WorkloadRef, List<PodInfo>> out = new LinkedHashMap<>();
        sorted.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
