package io.netfence.watch.staged;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter;

/**
 * The {@code StagedClusterNetworkPolicy} custom resource (cluster-scoped): a ClusterNetworkPolicy spec that netfence
 * counts (would-deny) but never enforces; a kind of its own, so no other enforcer acts on it. The chart's CRD is generated
 * from this class with the {@code spec} schema of the upstream ClusterNetworkPolicy CRD the chart ships
 * (charts/netfence/files/), so the API server validates a staged policy exactly as it would validate the policy it stages
 * (ChartCrdsTest keeps them equal). The informers read it in generic form ({@code io.netfence.watch.StagedClusterPolicyWatch}).
 */
@Group(StagedClusterNetworkPolicyConverter.GROUP)
@Version(StagedClusterNetworkPolicyConverter.VERSION)
@Kind(StagedClusterNetworkPolicyConverter.KIND)
@Plural(StagedClusterNetworkPolicyConverter.PLURAL)
@Singular("stagedclusternetworkpolicy")
@ShortNames("scnp")
public class StagedClusterNetworkPolicyResource extends CustomResource<StagedClusterNetworkPolicyResource.Spec, Void> {

    /** Opaque here: its schema is the upstream ClusterNetworkPolicy spec's (see the class comment). */
    @io.fabric8.crd.generator.annotation.PreserveUnknownFields
    public static class Spec {
    }
}
