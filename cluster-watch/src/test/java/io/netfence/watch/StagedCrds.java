package io.netfence.watch;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the staged-policy watch tests share: the CRD of a staged kind and waiting for the watcher to catch up. */
final class StagedCrds {

    private StagedCrds() {
    }

    static CustomResourceDefinition stagedNetworkPolicies() {
        return crd(StagedPolicyWatch.CRD_NAME, "StagedNetworkPolicy", "stagednetworkpolicies", true);
    }

    static CustomResourceDefinition stagedClusterNetworkPolicies() {
        return crd(StagedClusterPolicyWatch.CRD_NAME, "StagedClusterNetworkPolicy", "stagedclusternetworkpolicies", false);
    }

    /** The netfence.io v1alpha1 CRD named {@code crdName} of {@code kind} (plural {@code plural}), schema keeping unknown fields. */
    private static CustomResourceDefinition crd(String crdName, String kind, String plural, boolean namespaced) {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(crdName).endMetadata()
                .withNewSpec().withGroup("netfence.io").withScope(namespaced ? "Namespaced" : "Cluster")
                .withNewNames().withKind(kind).withListKind(kind + "List")
                .withPlural(plural).withSingular(kind.toLowerCase(Locale.ROOT)).endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build();
    }

    /** Polls {@code condition} every 20 ms for up to 10 s, then asserts it holds. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
