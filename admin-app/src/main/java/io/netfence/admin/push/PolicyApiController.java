package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.preview.MatrixImpact;
import io.netfence.admin.preview.Preview;
import io.netfence.admin.preview.PreviewService;
import io.netfence.admin.security.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON API's writes, through the same push pipeline as the pages. Without {@code metadata.resourceVersion} a POST
 * creates (409 if the name is taken); with it, it updates exactly that version (409 naming the current one otherwise).
 */
@RestController
class PolicyApiController {

    private final PushService push;
    private final PreviewService previews;
    private final KubernetesClient client;

    PolicyApiController(PushService push, PreviewService previews, KubernetesClient client) {
        this.push = push;
        this.previews = previews;
        this.client = client;
    }

    // no text/plain here: a cross-site form can send text/plain without a CORS preflight
    @PostMapping(value = "/api/v1/policies", consumes = {"application/yaml", "application/x-yaml", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Map<String, Object>> push(@RequestBody(required = false) String body, @RequestParam(defaultValue = "false") boolean dryRun) {
        PushOutcome o = push.push(CurrentActor.get(), body, null, dryRun);
        Map<String, Object> out = describe(o);
        if (o.status() == PushOutcome.Status.DRY_RUN_OK) {
            out.put("wouldChange", impact(previews.preview(body), previews.matrixChanges(body)));
        }
        return ResponseEntity.status(status(o)).body(out);
    }

    @DeleteMapping("/api/v1/policies/{namespace}/{name}")
    ResponseEntity<Map<String, Object>> delete(@PathVariable String namespace, @PathVariable String name,
                                               @RequestParam(required = false) String resourceVersion,
                                               @RequestParam(defaultValue = "false") boolean dryRun) {
        PushOutcome o = push.delete(CurrentActor.get(), namespace, name, resourceVersion, dryRun);
        Map<String, Object> out = describe(o);
        if (o.status() == PushOutcome.Status.DRY_RUN_OK || o.status() == PushOutcome.Status.DELETED) {
            out.put(o.status() == PushOutcome.Status.DELETED ? "changed" : "wouldChange",
                    o.status() == PushOutcome.Status.DELETED ? Map.of() : impact(previews.previewDelete(namespace, name),
                            previews.matrixChangesOfDelete(namespace, name)));
        }
        return ResponseEntity.status(status(o)).body(out);
    }

    private static HttpStatus status(PushOutcome o) {
        return switch (o.status()) {
            case CREATED -> HttpStatus.CREATED;
            case UPDATED, DELETED, DRY_RUN_OK -> HttpStatus.OK;
            case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FAILED -> HttpStatus.BAD_GATEWAY;
        };
    }

    private Map<String, Object> describe(PushOutcome o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", o.status().name());
        out.put("verb", o.verb() == null ? null : o.verb().name());
        out.put("namespace", o.namespace());
        out.put("name", o.name());
        out.put("message", o.message());
        if (!o.errors().isEmpty()) {
            out.put("errors", o.errors());
        }
        if (o.status() == PushOutcome.Status.CONFLICT) {
            out.put("currentResourceVersion", o.currentResourceVersion());
        }
        if (o.written() && o.result() != null) {
            out.put("resourceVersion", o.result().getMetadata().getResourceVersion());
        }
        if (o.result() != null) {
            out.put("object", json(o.result()));
        }
        return out;
    }

    private Object json(NetworkPolicy np) {
        return client.getKubernetesSerialization().convertValue(np, Map.class);
    }

    /** Per-node rule counts and changed matrix cells, as the preview computes them. */
    private static Map<String, Object> impact(Preview p, List<MatrixImpact.CellChange> cells) {
        List<Map<String, Object>> nodes = p.changedNodes().stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", n.node());
            m.put("rulesBefore", n.before().rules());
            m.put("rulesAfter", n.after().rules());
            m.put("setEntriesBefore", n.before().setEntries());
            m.put("setEntriesAfter", n.after().setEntries());
            return m;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", nodes);
        out.put("unchangedNodes", p.unchangedNodes());
        out.put("cells", cells);
        if (p.traffic() != null) {
            out.put("traffic", p.traffic());
        }
        return out;
    }
}
