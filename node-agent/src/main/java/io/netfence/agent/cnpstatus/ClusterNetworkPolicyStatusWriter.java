package io.netfence.agent.cnpstatus;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.engine.status.ClusterNetworkPolicyConditions.Condition;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Writes netfence's condition into one ClusterNetworkPolicy's {@code status.conditions} through the status subresource
 * ({@code PUT .../clusternetworkpolicies/NAME/status}), on the resourceVersion it read: the list is replaced whole, so
 * only optimistic concurrency keeps another controller's condition written in between. A conflict (409) reads the
 * object again and merges into that; a merge that changes nothing writes nothing.
 */
public final class ClusterNetworkPolicyStatusWriter {

    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("policy.networking.k8s.io").withVersion("v1alpha2").withKind("ClusterNetworkPolicy")
            .withPlural("clusternetworkpolicies").withNamespaced(false).build();

    /** What one {@link #write} did. */
    public enum Result { UNCHANGED, WRITTEN, GONE, NOT_LEADING, CONFLICTED }

    /** @param writtenOver the resourceVersion the written status replaced (null unless {@link Result#WRITTEN}) */
    public record Outcome(Result result, String writtenOver) {
        static Outcome of(Result r) {
            return new Outcome(r, null);
        }
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final int attempts;
    private final Runnable onConflict;

    /**
     * @param attempts   writes tried before giving up on repeated conflicts ({@link Result#CONFLICTED}; the next
     *                   periodic check tries again)
     * @param onConflict counts each 409
     */
    public ClusterNetworkPolicyStatusWriter(KubernetesClient client, Clock clock, int attempts, Runnable onConflict) {
        this.client = client;
        this.clock = clock;
        this.attempts = attempts;
        this.onConflict = onConflict;
    }

    /**
     * @param seen    the object as last seen (the informer's cache); the first write is tried on its resourceVersion
     * @param judge   netfence's condition for an object; empty when there is nothing to say (yet)
     * @param leading asked right before each write: a former leader never writes
     * @throws KubernetesClientException for any failure other than a conflict or a deleted object
     */
    public Outcome write(GenericKubernetesResource seen, Function<GenericKubernetesResource, Optional<Condition>> judge,
                        BooleanSupplier leading) {
        GenericKubernetesResource current = seen;
        String name = seen.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            if (current == null) {
                return Outcome.of(Result.GONE);
            }
            Optional<Condition> condition = judge.apply(current);
            if (condition.isEmpty()) {
                return Outcome.of(Result.UNCHANGED);
            }
            Long generation = current.getMetadata().getGeneration();
            Object status = current.getAdditionalProperties().get("status");
            Optional<List<Object>> conditions = ConditionMerge.merged(status, condition.get(),
                    generation == null ? 0 : generation, clock.instant());
            if (conditions.isEmpty()) {
                return Outcome.of(Result.UNCHANGED);
            }
            if (!leading.getAsBoolean()) {
                return Outcome.of(Result.NOT_LEADING);
            }
            try {
                client.genericKubernetesResources(CONTEXT).resource(withConditions(current, status, conditions.get())).updateStatus();
                return new Outcome(Result.WRITTEN, current.getMetadata().getResourceVersion());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return Outcome.of(Result.GONE);
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                onConflict.run();
                if (attempt >= attempts) {
                    return Outcome.of(Result.CONFLICTED);
                }
                current = client.genericKubernetesResources(CONTEXT).withName(name).get();
            }
        }
    }

    /** A copy of the object (never the informer's) with only {@code status.conditions} replaced. */
    private GenericKubernetesResource withConditions(GenericKubernetesResource object, Object status, List<Object> conditions) {
        GenericKubernetesResource copy = client.getKubernetesSerialization().clone(object);
        Map<String, Object> newStatus = new LinkedHashMap<>();
        if (status instanceof Map<?, ?> m) {
            m.forEach((k, v) -> newStatus.put(String.valueOf(k), v));
        }
        newStatus.put("conditions", conditions);
        copy.getAdditionalProperties().put("status", newStatus);
        return copy;
    }
}
