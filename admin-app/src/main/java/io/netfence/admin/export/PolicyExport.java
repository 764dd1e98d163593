package io.netfence.admin.export;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.audit.PolicyDiff;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.admin.cluster.LiveCluster;
import org.springframework.stereotype.Service;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * NetworkPolicies as a multi-document YAML bundle for a GitOps repository (one {@code ---} document per policy: each
 * is a file-sized unit that diffs, reviews and re-applies on its own, which a {@code kind: List} would not give).
 * <p>
 * Each document keeps apiVersion, kind, metadata name/namespace/labels/annotations and the spec; everything the API
 * server manages or that does not survive a re-create is dropped: status, uid, resourceVersion, generation,
 * creationTimestamp, managedFields, selfLink, deletion fields, finalizers, ownerReferences (they name owners by uid,
 * which a re-created owner does not have), and the annotations {@code kubectl.kubernetes.io/last-applied-configuration}
 * and {@value AuditAnnotation#KEY} (records of past writes, not desired state). Ordered by namespace, then name, from
 * the informer cache (no request to the API server).
 */
@Service
public class PolicyExport {


    private final LiveCluster cluster;
    private final KubernetesClient client;

    public PolicyExport(LiveCluster cluster, KubernetesClient client) {
        this.cluster = cluster;
        this.client = client;
    }

    /** The cleaned policies of {@code namespace} (null or blank: all), in bundle order. */
    public List<NetworkPolicy> policies(String namespace) {
        return cluster.networkPolicies().stream()
                .filter(p -> namespace == null || namespace.isBlank() || namespace.equals(p.getMetadata().getNamespace()))
                .sorted(Comparator.comparing((NetworkPolicy p) -> p.getMetadata().getNamespace())
                        .thenComparing(p -> p.getMetadata().getName()))
                .map(PolicyExport::clean)
                .toList();
    }

    /** The bundle: one YAML document per policy; empty text when there are none. */
    public String yaml(String namespace) {
        StringBuilder out = new StringBuilder();
        for (NetworkPolicy p : policies(namespace)) {
            out.append("---\n").append(DraftYaml.write(document(p)));
        }
        return out.toString();
    }

    /** In kubectl's order: apiVersion, kind, metadata (name, namespace, labels, annotations), spec. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> document(NetworkPolicy p) {
        // fabric8's serialization knows its model (IntOrString, omitted nulls); Jackson 3 writes the YAML
        Map<String, Object> plain = client.getKubernetesSerialization().convertValue(p, Map.class);
        Map<String, Object> meta = (Map<String, Object>) plain.get("metadata");
        Map<String, Object> orderedMeta = new LinkedHashMap<>();
        for (String key : List.of("name", "namespace", "labels", "annotations")) {
            if (meta.containsKey(key)) {
                orderedMeta.put(key, meta.get(key));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", plain.get("apiVersion"));
        doc.put("kind", plain.get("kind"));
        doc.put("metadata", orderedMeta);
        if (plain.containsKey("spec")) {
            doc.put("spec", plain.get("spec"));
        }
        return doc;
    }

    /** Only what the user owns of {@code stored} (see the class comment). */
    public static NetworkPolicy clean(NetworkPolicy stored) {
        ObjectMeta m = stored.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(m.getName());
        meta.setNamespace(m.getNamespace());
        if (m.getLabels() != null && !m.getLabels().isEmpty()) {
            meta.setLabels(new TreeMap<>(m.getLabels()));
        }
        if (m.getAnnotations() != null) {
            Map<String, String> annotations = new TreeMap<>(m.getAnnotations());
            annotations.remove(PolicyDiff.KUBECTL_LAST_APPLIED);
            annotations.remove(AuditAnnotation.KEY);
            if (!annotations.isEmpty()) {
                meta.setAnnotations(annotations);
            }
        }
        return new NetworkPolicyBuilder().withApiVersion("networking.k8s.io/v1").withKind("NetworkPolicy")
                .withMetadata(meta).withSpec(stored.getSpec()).build();
    }
}
