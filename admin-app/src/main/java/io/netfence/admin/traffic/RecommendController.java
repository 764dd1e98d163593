package io.netfence.admin.traffic;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftSession;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.admin.paging.BadParameterException;
import io.netfence.engine.recommend.ObservedConnection;
import io.netfence.engine.recommend.PolicyRecommender;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.workload.WorkloadRef;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Recommend: the least-privilege NetworkPolicy for a namespace or workload from its observed traffic
 * (the engine's {@link PolicyRecommender}), as JSON, or opened in the composer as a new draft (the session's draft; nothing is
 * written to the cluster until the user pushes it through the usual preview).
 */
@Controller
class RecommendController {

    private final TrafficService traffic;
    private final LiveCluster cluster;
    private final DraftSession draft;

    RecommendController(TrafficService traffic, LiveCluster cluster, DraftSession draft) {
        this.traffic = traffic;
        this.cluster = cluster;
        this.draft = draft;
    }

    @GetMapping("/api/v1/recommendations")
    @ResponseBody
    NetworkPolicy api(@RequestParam(required = false) String namespace, @RequestParam(required = false) String workload,
                      @RequestParam(defaultValue = "false") boolean egress, @RequestParam(required = false) String window) {
        return recommend(namespace, workload, egress, window);
    }

    @PostMapping("/traffic/recommend")
    RedirectView toComposer(@RequestParam(required = false) String namespace, @RequestParam(required = false) String workload,
                            @RequestParam(defaultValue = "false") boolean egress, @RequestParam(required = false) String window) {
        NetworkPolicy np = recommend(namespace, workload, egress, window);
        // through the composer's form model, so the draft reads exactly as a composed one and round-trips through the form
        draft.startNew(DraftYaml.toYaml(DraftYaml.toForm(np)));
        RedirectView to = new RedirectView("/composer", true);
        to.setStatusCode(org.springframework.http.HttpStatus.SEE_OTHER);
        return to;
    }

    private NetworkPolicy recommend(String namespace, String workload, boolean egress, String window) {
        WorkloadRef ref = null;
        if (workload != null && !workload.isBlank()) {
            try {
                ref = WorkloadRef.parse(workload.strip());
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("workload", e.getMessage());
            }
        } else if (namespace == null || namespace.isBlank()) {
            throw new BadParameterException("namespace", "name a namespace (or a workload as namespace/Kind/name) to recommend a policy for");
        }
        ClusterSnapshot snapshot = cluster.snapshot();
        String ns = ref != null ? ref.namespace() : namespace.strip();
        if (snapshot.namespace(ns).isEmpty()) {
            throw new BadParameterException(ref != null ? "workload" : "namespace", "there is no namespace \"" + ns + "\"");
        }
        TrafficFilters filters = TrafficFilters.of(null, null, null, null, window == null || window.isBlank() ? "all" : window, null);
        FlowReadout readout = traffic.read();
        try {
            return PolicyRecommender.recommend(snapshot, traffic.flows(readout, filters).stream().map(f -> new ObservedConnection(
                    f.source().ip(), f.destination().ip(), f.port(), f.protocol(), ObservedFlow.ALLOWED.equals(f.verdict()))).toList(), ns, ref, egress);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(ref != null ? "workload" : "namespace", e.getMessage() + ": nothing to recommend a policy for");
        }
    }
}
