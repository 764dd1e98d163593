package io.netfence.watch.status;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.netfence.engine.status.NodeFirewallStatus;

/**
 * The {@code NodeFirewallStatus} custom resource: one per node, named after it, cluster-scoped, its status the engine's
 * {@link NodeFirewallStatus} record. The chart's CRD is generated from this class (fabric8's CRD generator; a test
 * keeps charts/netfence/crds equal to it), so the CRD, its printer columns and the Java model cannot drift.
 */
@Group(NodeFirewallStatus.GROUP)
@Version(NodeFirewallStatus.VERSION)
@Kind(NodeFirewallStatus.KIND)
@Plural(NodeFirewallStatus.PLURAL)
@Singular("nodefirewallstatus")
@ShortNames("nfs")
@AdditionalPrinterColumn(name = "Synced", jsonPath = ".status.conditions[?(@.type==\"Synced\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Hash", jsonPath = ".status.rulesetHash", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Pods", jsonPath = ".status.counts.localPods", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Isolated", jsonPath = ".status.counts.isolatedPods", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Rules", jsonPath = ".status.counts.rules", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last-Sync", jsonPath = ".status.lastSyncTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Error", jsonPath = ".status.lastError", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Compiler", jsonPath = ".status.compilerVersion", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class NodeFirewallStatusResource extends CustomResource<NodeFirewallStatusResource.Spec, NodeFirewallStatus> {

    /** Empty: the object exists to carry the status of the node it is named after. */
    public static class Spec implements KubernetesResource {
    }
}
