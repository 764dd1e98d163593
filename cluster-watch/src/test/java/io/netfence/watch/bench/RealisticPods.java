package io.netfence.watch.bench;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dresses a minimal pod the way real ones look in a LIST (owner references, managedFields of kubelet and the
 * controller, probes, env, resources, volumes, status conditions and container statuses): ~7 KiB of JSON, so that
 * memory benchmarks see what an agent on a real cluster reads. A 0.5 KiB synthetic pod hides the LIST's peak.
 */
public final class RealisticPods {

    private RealisticPods() {
    }

    public static Pod dress(Pod pod, int seq) {
        String name = pod.getMetadata().getName();
        String rs = name + "-rs";
        var main = new ContainerBuilder(pod.getSpec().getContainers().get(0))
                .withImage("registry.example.com/team/" + name + ":1.2." + seq + "@sha256:" + "ab".repeat(32))
                .withImagePullPolicy("IfNotPresent")
                .withArgs("--config=/etc/app/config.yaml", "--log-level=info", "--metrics-addr=:9090")
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("JAVA_TOOL_OPTIONS").withValue("-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError").endEnv()
                .addNewEnv().withName("OTEL_EXPORTER_OTLP_ENDPOINT").withValue("http://otel-collector.observability.svc:4317").endEnv()
                .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("512Mi")).endResources()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(8080)).endHttpGet()
                .withInitialDelaySeconds(10).withPeriodSeconds(10).endLivenessProbe()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(8080)).endHttpGet()
                .withPeriodSeconds(5).endReadinessProbe()
                .addNewVolumeMount().withName("config").withMountPath("/etc/app").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("kube-api-access").withMountPath("/var/run/secrets/kubernetes.io/serviceaccount").withReadOnly(true).endVolumeMount()
                .withTerminationMessagePath("/dev/termination-log").withTerminationMessagePolicy("File")
                .build();
        return new PodBuilder(pod)
                .editMetadata().withGenerateName(rs + "-").withUid(uuid(seq)).withCreationTimestamp("2026-11-30T10:00:00Z")
                .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-29T08:00:00Z")
                .addToAnnotations("prometheus.io/scrape", "true").addToAnnotations("prometheus.io/port", "9090")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs).withUid(uuid(seq + 1_000_000))
                .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                .addNewManagedField().withManager("kube-controller-manager").withOperation("Update").withApiVersion("v1")
                .withTime("2026-11-30T10:00:00Z").withFieldsType("FieldsV1").withFieldsV1(fields("spec", 40)).endManagedField()
                .addNewManagedField().withManager("kubelet").withOperation("Update").withApiVersion("v1").withSubresource("status")
                .withTime("2026-11-30T10:00:05Z").withFieldsType("FieldsV1").withFieldsV1(fields("status", 30)).endManagedField()
                .endMetadata()
                .editSpec().withContainers(main).withServiceAccountName("default").withRestartPolicy("Always").withDnsPolicy("ClusterFirst")
                .withSchedulerName("default-scheduler").withTerminationGracePeriodSeconds(30L).withEnableServiceLinks(true)
                .addNewToleration().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(300L).endToleration()
                .addNewToleration().withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(300L).endToleration()
                .addNewVolume().withName("config").withNewConfigMap().withName(name + "-config").endConfigMap().endVolume()
                .addNewVolume().withName("kube-api-access").withNewProjected().withDefaultMode(420)
                .addNewSource().withNewServiceAccountToken().withExpirationSeconds(3607L).withPath("token").endServiceAccountToken().endSource()
                .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").addNewItem().withKey("ca.crt").withPath("ca.crt").endItem().endConfigMap().endSource()
                .endProjected().endVolume()
                .endSpec()
                .editStatus().withHostIP("192.168.0." + (seq % 250 + 1)).withQosClass("Burstable").withStartTime("2026-11-30T10:00:01Z")
                .addNewCondition().withType("PodReadyToStartContainers").withStatus("True").withLastTransitionTime("2026-11-30T10:00:03Z").endCondition()
                .addNewCondition().withType("Initialized").withStatus("True").withLastTransitionTime("2026-11-30T10:00:01Z").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime("2026-11-30T10:00:12Z").endCondition()
                .addNewCondition().withType("ContainersReady").withStatus("True").withLastTransitionTime("2026-11-30T10:00:12Z").endCondition()
                .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime("2026-11-30T10:00:00Z").endCondition()
                .addNewContainerStatus().withName("main").withReady(true).withStarted(true).withRestartCount(0)
                .withImage("registry.example.com/team/" + name + ":1.2." + seq).withImageID("registry.example.com/team/" + name + "@sha256:" + "cd".repeat(32))
                .withContainerID("containerd://" + "ef".repeat(32))
                .withNewState().withNewRunning().withStartedAt("2026-11-30T10:00:04Z").endRunning().endState().endContainerStatus()
                .endStatus().build();
    }

    /** A managedFields entry the size of a real one: nested "f:" keys for each field a manager owns. */
    private static FieldsV1 fields(String root, int n) {
        Map<String, Object> inner = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            inner.put("f:field" + i, Map.of("f:value", Map.of(), "f:name", Map.of()));
        }
        FieldsV1 f = new FieldsV1();
        f.setAdditionalProperty("f:" + root, inner);
        return f;
    }

    private static String uuid(int seq) {
        return String.format("%08x-0000-4000-8000-%012x", seq, (long) seq * 7919);
    }
}
