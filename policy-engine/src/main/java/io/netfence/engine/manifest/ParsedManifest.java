package io.netfence.engine.manifest;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.util.List;

/** The objects read from a manifest, in input order, plus those left out because of their kind. */
public record ParsedManifest(List<ManifestObject> objects, List<SkippedObject> skipped) {

    public ParsedManifest {
        objects = List.copyOf(objects);
        skipped = List.copyOf(skipped);
    }

    public List<Namespace> namespaces() {
        return ofType(Namespace.class);
    }

    public List<Node> nodes() {
        return ofType(Node.class);
    }

    public List<Pod> pods() {
        return ofType(Pod.class);
    }

    public List<NetworkPolicy> networkPolicies() {
        return ofType(NetworkPolicy.class);
    }

    /** The ClusterNetworkPolicy objects, in generic form. */
    public List<GenericKubernetesResource> clusterNetworkPolicies() {
        return ofType(GenericKubernetesResource.class).stream().filter(r -> "ClusterNetworkPolicy".equals(r.getKind())).toList();
    }

    private <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return objects.stream().map(ManifestObject::resource).filter(type::isInstance).map(type::cast).toList();
    }
}
