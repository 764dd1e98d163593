package io.netfence.admin.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The demo cluster's ClusterNetworkPolicies: the upstream CRD (the file the chart installs) is stored first, so the
 * console's informer finds it as on a real cluster, then {@value #POLICIES}: an Admin Deny of the cloud metadata
 * address, an Admin Accept of Prometheus scrapes, a Baseline default-deny between the tenant namespaces.
 */
public final class DemoClusterNetworkPolicies {

    static final String CRD = "/netfence/files/clusternetworkpolicies.policy.networking.k8s.io.yaml";
    static final String POLICIES = "/demo/cluster-network-policies.yaml";

    private DemoClusterNetworkPolicies() {
    }

    public static void seed(KubernetesClient client) {
        CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(read(CRD), CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        List<HasMetadata> objects = client.getKubernetesSerialization().unmarshal(read(POLICIES));
        var context = new ResourceDefinitionContext.Builder().withGroup(crd.getSpec().getGroup()).withVersion("v1alpha2")
                .withKind(crd.getSpec().getNames().getKind()).withPlural(crd.getSpec().getNames().getPlural()).withNamespaced(false).build();
        for (HasMetadata o : objects) {
            client.genericKubernetesResources(context).resource((GenericKubernetesResource) o).create();
        }
    }

    private static InputStream read(String resource) {
        InputStream in = DemoClusterNetworkPolicies.class.getResourceAsStream(resource);
        if (in == null) {
            throw new UncheckedIOException(new IOException(resource + " is missing from the classpath"));
        }
        return in;
    }
}
