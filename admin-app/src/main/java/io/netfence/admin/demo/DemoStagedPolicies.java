package io.netfence.admin.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.staged.StagedClusterObjects;
import io.netfence.admin.staged.StagedObjects;
import io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The demo cluster's StagedNetworkPolicies and StagedClusterNetworkPolicy: the chart's CRDs are stored first (the console's watch starts on it as on a
 * real cluster), then {@value #POLICIES}, which some of the demo traffic would violate.
 */
public final class DemoStagedPolicies {

    static final String CRD = "/netfence/crds/stagednetworkpolicies.yaml";
    static final String CLUSTER_CRD = "/netfence/crds/stagedclusternetworkpolicies.yaml";
    static final String POLICIES = "/demo/staged-policies.yaml";

    private DemoStagedPolicies() {
    }

    public static void seed(KubernetesClient client) {
        for (String crdFile : List.of(CRD, CLUSTER_CRD)) {
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(read(crdFile), CustomResourceDefinition.class);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        List<HasMetadata> objects = client.getKubernetesSerialization().unmarshal(read(POLICIES));
        for (HasMetadata o : objects) {
            if (StagedClusterNetworkPolicyConverter.KIND.equals(o.getKind())) {
                StagedClusterObjects.all(client).resource((GenericKubernetesResource) o).create();
            } else {
                StagedObjects.in(client, o.getMetadata().getNamespace()).resource((GenericKubernetesResource) o).create();
            }
        }
    }

    private static InputStream read(String resource) {
        InputStream in = DemoStagedPolicies.class.getResourceAsStream(resource);
        if (in == null) {
            throw new UncheckedIOException(new IOException(resource + " is missing from the classpath"));
        }
        return in;
    }
}
