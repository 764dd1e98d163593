package io.netfence.watch.staged;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.netfence.engine.snapshot.StagedPolicyConverter;

/**
 * The {@code StagedNetworkPolicy} custom resource: a NetworkPolicy spec that netfence counts (would-deny) but never
 * enforces; a kind of its own, so no other enforcer in the cluster acts on it. The chart's CRD, with the OpenAPI schema
 * of a NetworkPolicy spec, is generated from this class (ChartCrdsTest keeps them equal). The informers read it in
 * generic form ({@code io.netfence.watch.StagedPolicyWatch}).
 */
@Group(StagedPolicyConverter.GROUP)
@Version(StagedPolicyConverter.VERSION)
@Kind(StagedPolicyConverter.KIND)
@Plural(StagedPolicyConverter.PLURAL)
@Singular("stagednetworkpolicy")
@ShortNames("snp")
public class StagedNetworkPolicyResource extends CustomResource<NetworkPolicySpec, Void> implements Namespaced {
}
