package io.netfence.admin.clusterpolicies;

import io.netfence.admin.paging.ItemList;
import io.netfence.admin.paging.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;
import java.util.Map;

/** ClusterNetworkPolicies, read only: list and detail pages and their JSON API. */
@Controller
class ClusterPoliciesController {

    private final ClusterPoliciesService policies;
    private final io.netfence.admin.cluster.LiveCluster cluster;

    ClusterPoliciesController(ClusterPoliciesService policies, io.netfence.admin.cluster.LiveCluster cluster) {
        this.policies = policies;
        this.cluster = cluster;
    }

    @GetMapping("/clusternetworkpolicies")
    String list(Model model) {
        model.addAttribute("policies", policies.list());
        model.addAttribute("crdInstalled", cluster.clusterNetworkPoliciesWatched());
        return "clusterpolicies/list";
    }

    @GetMapping("/clusternetworkpolicies/{name}")
    String detail(@PathVariable String name, Model model, HttpServletResponse response) {
        var detail = policies.detail(name);
        if (detail.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", name);
            return "clusterpolicies/missing";
        }
        model.addAttribute("p", detail.get());
        return "clusterpolicies/detail";
    }

    @GetMapping("/api/v1/clusternetworkpolicies")
    @ResponseBody
    ItemList<ClusterPolicySummary> apiList(@RequestParam(required = false) String limit,
                                           @RequestParam(name = "continue", required = false) String continueToken) {
        return ItemList.of("ClusterNetworkPolicyList", policies.page(PageRequest.of(limit, continueToken)));
    }

    @GetMapping("/api/v1/clusternetworkpolicies/{name}")
    @ResponseBody
    ResponseEntity<?> apiDetail(@PathVariable String name) {
        return policies.detail(name).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("metadata.name",
                        "no ClusterNetworkPolicy " + name + " in the cluster")));
    }

    private static Map<String, Object> error(String path, String message) {
        return Map.of("errors", List.of(Map.of("path", path, "message", message)));
    }
}
