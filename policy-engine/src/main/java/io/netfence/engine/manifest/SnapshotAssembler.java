package io.netfence.engine.manifest;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ResourceConverter;
import io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter;
import io.netfence.engine.snapshot.StagedPolicyConverter;
import io.netfence.engine.validation.FieldError;
import io.netfence.engine.validation.Policies;
import io.netfence.engine.validation.ValidatedClusterNetworkPolicy;
import io.netfence.engine.validation.ValidatedPolicy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ClusterSnapshot} from parsed manifest objects. NetworkPolicies are validated first
 * ({@link Policies#fromNetworkPolicy}); an invalid one is left out and reported with its field, e.g.
 * {@code document 1, items[20] (line 828): NetworkPolicy shop/frontend spec.ingress[0].from[1].ipBlock.except[0]:
 * Invalid value: ...}. ClusterNetworkPolicies (cluster-scoped: a namespace they carry is ignored) are validated
 * against the upstream CRD ({@link Policies#fromClusterNetworkPolicy}) the same way. StagedNetworkPolicies (read only by
 * {@link ManifestParser#withStagedPolicies()}) become the snapshot's staged policies, converted as the agent converts
 * them ({@link StagedPolicyConverter}); one that cannot be converted is reported. Objects without a name, and the same
 * object given twice, are reported too.
 */
public final class SnapshotAssembler {

    private SnapshotAssembler() {
    }

    /** Every namespaced object must name its namespace. */
    public static SnapshotAssembly assemble(ParsedManifest manifest) {
        return assemble(manifest, null);
    }

    /**
     * Objects without a namespace are put in {@code defaultNamespace}, as {@code kubectl apply} does with the
     * context's namespace; null means they are errors.
     */
    public static SnapshotAssembly assemble(ParsedManifest manifest, String defaultNamespace) {
        Map<String, NamespaceInfo> namespaces = new LinkedHashMap<>();
        Map<String, PodInfo> pods = new LinkedHashMap<>();
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        Map<String, Policy> policies = new LinkedHashMap<>();
        Map<String, ClusterNetworkPolicy> clusterPolicies = new LinkedHashMap<>();
        Map<String, Policy> stagedPolicies = new LinkedHashMap<>();
        Map<String, ClusterNetworkPolicy> stagedClusterPolicies = new LinkedHashMap<>();
        Map<String, ManifestLocation> seen = new HashMap<>();
        List<ManifestError> errors = new ArrayList<>();

        for (ManifestObject o : manifest.objects()) {
            HasMetadata r = o.resource();
            String name = o.name();
            if (name == null || name.isEmpty()) {
                errors.add(new ManifestError(o.locationOf("metadata.name"), o.reference(), "metadata.name: Required value"));
                continue;
            }
            boolean staged = r instanceof GenericKubernetesResource g && StagedPolicyConverter.KIND.equals(g.getKind());
            boolean namespaced = !(r instanceof Namespace) && !(r instanceof Node) && (staged || !(r instanceof GenericKubernetesResource));
            String namespace = o.namespace();
            if (namespaced && (namespace == null || namespace.isEmpty())) {
                if (defaultNamespace == null) {
                    errors.add(new ManifestError(o.locationOf("metadata"), o.reference(), "metadata.namespace: Required value"));
                    continue;
                }
                namespace = defaultNamespace;
            }
            String key = r.getKind() + " " + (namespaced ? namespace + "/" : "") + name;
            ManifestLocation earlier = seen.putIfAbsent(key, o.location());
            if (earlier != null) {
                errors.add(new ManifestError(o.location(), key, "given twice (first at " + earlier.describe() + ")"));
                continue;
            }
            try {
                if (r instanceof Namespace ns) {
                    namespaces.put(name, ResourceConverter.namespace(ns));
                } else if (r instanceof Node node) {
                    nodes.put(name, ResourceConverter.node(node));
                } else if (r instanceof Pod pod) {
                    PodInfo p = ResourceConverter.pod(pod);
                    pods.put(key, namespace.equals(p.namespace()) ? p : new PodInfo(namespace, p.name(), p.labels(), p.ips(),
                            p.nodeName(), p.hostNetwork(), p.phase(), p.ports(), p.owner()));
                } else if (staged) {
                    // converted exactly as the agent's ClusterState.takeStagedPolicy does; an unusable one is an error here
                    GenericKubernetesResource g = (GenericKubernetesResource) r;
                    if (!namespace.equals(o.namespace())) {
                        g = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder(g).editMetadata().withNamespace(namespace)
                                .endMetadata().build();
                    }
                    stagedPolicies.put(key, StagedPolicyConverter.convert(g));
                } else if (r instanceof GenericKubernetesResource g
                        && StagedClusterNetworkPolicyConverter.KIND.equals(g.getKind())) {
                    // validated and converted exactly as the agent's ClusterState.takeStagedClusterNetworkPolicy does
                    ValidatedClusterNetworkPolicy v = StagedClusterNetworkPolicyConverter.validate(g);
                    if (v.valid()) {
                        stagedClusterPolicies.put(key, v.policy());
                    } else {
                        for (FieldError fe : v.errors()) {
                            errors.add(new ManifestError(o.locationOf(fe.path()), key, fe.toString()));
                        }
                    }
                } else if (r instanceof GenericKubernetesResource cnp && "ClusterNetworkPolicy".equals(cnp.getKind())) {
                    ValidatedClusterNetworkPolicy v = Policies.fromClusterNetworkPolicy(cnp);
                    if (v.valid()) {
                        clusterPolicies.put(key, v.policy());
                    } else {
                        for (FieldError fe : v.errors()) {
                            errors.add(new ManifestError(o.locationOf(fe.path()), key, fe.toString()));
                        }
                    }
                } else if (r instanceof NetworkPolicy np) {
                    NetworkPolicy withNamespace = namespace.equals(o.namespace()) ? np
                            : new NetworkPolicyBuilder(np).editMetadata().withNamespace(namespace).endMetadata().build();
                    ValidatedPolicy vp = Policies.fromNetworkPolicy(withNamespace);
                    if (vp.valid()) {
                        policies.put(key, vp.policy());
                    } else {
                        for (FieldError fe : vp.errors()) {
                            errors.add(new ManifestError(o.locationOf(fe.path()), key, fe.toString()));
                        }
                    }
                }
            } catch (RuntimeException e) {
                // converters assume API-server-valid objects; anything else must surface as an error, not a crash
                errors.add(new ManifestError(o.location(), key, "cannot be used: " + e.getMessage()));
            }
        }
        ClusterSnapshot snapshot = ClusterSnapshot.of(namespaces.values(), pods.values(), nodes.values(), policies.values(),
                clusterPolicies.values(), stagedPolicies.values(), stagedClusterPolicies.values());
        return new SnapshotAssembly(snapshot, errors);
    }
}
