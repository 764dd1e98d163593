package io.netfence.engine.workload;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.PodOwner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadsTest {

    private static PodInfo pod(String name, Map<String, String> labels, PodOwner owner) {
        return new PodInfo("shop", name, labels, List.of("10.0.0.1"), "node-1", false, "Running", List.of(), owner);
    }

    @Test
    void aReplicaSetNamedAfterItsPodsTemplateHashIsItsDeployment() {
        assertThat(Workloads.of(pod("web-7db6d8ff4d-x2k9p", Map.of("app", "web", "pod-template-hash", "7db6d8ff4d"),
                new PodOwner("ReplicaSet", "web-7db6d8ff4d")))).isEqualTo(new WorkloadRef("Deployment", "shop", "web"));
        // a deployment whose name has dashes and digits of its own
        assertThat(Workloads.of(pod("api-v2-5f6b-abcde", Map.of("pod-template-hash", "5f6b"),
                new PodOwner("ReplicaSet", "api-v2-5f6b")))).isEqualTo(new WorkloadRef("Deployment", "shop", "api-v2"));
    }

    @Test
    void aReplicaSetWithoutTheMatchingHashStaysAReplicaSet() {
        assertThat(Workloads.of(pod("cache-abcde", Map.of("app", "cache"), new PodOwner("ReplicaSet", "cache"))))
                .isEqualTo(new WorkloadRef("ReplicaSet", "shop", "cache"));
        assertThat(Workloads.of(pod("cache-abcde", Map.of("pod-template-hash", "other"), new PodOwner("ReplicaSet", "cache-1234"))))
                .isEqualTo(new WorkloadRef("ReplicaSet", "shop", "cache-1234"));
        // the hash alone is not a deployment name
        assertThat(Workloads.of(pod("x", Map.of("pod-template-hash", "abc"), new PodOwner("ReplicaSet", "-abc"))))
                .isEqualTo(new WorkloadRef("ReplicaSet", "shop", "-abc"));
    }

    @Test
    void aJobNamedWithTheScheduledMinuteIsItsCronJob() {
        assertThat(Workloads.of(pod("backup-29400000-kq7wz", Map.of("job-name", "backup-29400000"), new PodOwner("Job", "backup-29400000"))))
                .isEqualTo(new WorkloadRef("CronJob", "shop", "backup"));
        assertThat(Workloads.of(pod("migrate-1-kq7wz", Map.of(), new PodOwner("Job", "migrate-1"))))
                .isEqualTo(new WorkloadRef("Job", "shop", "migrate-1"));
    }

    @Test
    void otherOwnersAreTakenAsNamed() {
        assertThat(Workloads.of(pod("db-0", Map.of("app", "db"), new PodOwner("StatefulSet", "db"))))
                .isEqualTo(new WorkloadRef("StatefulSet", "shop", "db"));
        assertThat(Workloads.of(pod("agent-x1", Map.of(), new PodOwner("DaemonSet", "agent"))))
                .isEqualTo(new WorkloadRef("DaemonSet", "shop", "agent"));
        assertThat(Workloads.of(pod("r-1", Map.of(), new PodOwner("Rollout", "r")))).isEqualTo(new WorkloadRef("Rollout", "shop", "r"));
    }

    @Test
    void withoutOwnerTheAppLabelsNameTheWorkloadElseThePodItself() {
        assertThat(Workloads.of(pod("p1", Map.of("app.kubernetes.io/name", "grafana", "app", "other"), null)))
                .isEqualTo(new WorkloadRef(WorkloadRef.APP, "shop", "grafana"));
        assertThat(Workloads.of(pod("p2", Map.of("app", "web"), null))).isEqualTo(new WorkloadRef(WorkloadRef.APP, "shop", "web"));
        assertThat(Workloads.of(pod("debug", Map.of("run", "debug"), null))).isEqualTo(new WorkloadRef(WorkloadRef.POD, "shop", "debug"));
    }

    @Test
    void groupsSortByNamespaceThenName() {
        var a = pod("web-h-1", Map.of("pod-template-hash", "h"), new PodOwner("ReplicaSet", "web-h"));
        var b = pod("web-h-2", Map.of("pod-template-hash", "h"), new PodOwner("ReplicaSet", "web-h"));
        var c = pod("api-0", Map.of(), new PodOwner("StatefulSet", "api"));
        var groups = Workloads.group(List.of(a, c, b));
        assertThat(groups.keySet()).containsExactly(new WorkloadRef("StatefulSet", "shop", "api"), new WorkloadRef("Deployment", "shop", "web"));
        assertThat(groups.get(new WorkloadRef("Deployment", "shop", "web"))).containsExactly(a, b);
    }

    @Test
    void keysReadBack() {
        WorkloadRef w = new WorkloadRef("Deployment", "shop", "web");
        assertThat(WorkloadRef.parse(w.key())).isEqualTo(w);
        assertThatThrownBy(() -> WorkloadRef.parse("shop/web")).hasMessageContaining("namespace/Kind/name");
    }
}
