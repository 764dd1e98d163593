package io.netfence.admin.clusterpolicies;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.LinkedHashMap;
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
    Map<String, Object> apiList(@RequestParam(required = false) Integer limit,
                                @RequestParam(name = "continue", required = false) String continueToken) {
        ClusterPolicyPage page = policies.page(limit, continueToken);
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (page.continueToken() != null) {
            metadata.put("continue", page.continueToken());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metadata", metadata);
        body.put("items", page.items());
        return body;
    }

    @GetMapping("/api/v1/clusternetworkpolicies/{name}")
    @ResponseBody
    ResponseEntity<?> apiDetail(@PathVariable String name) {
        return policies.detail(name).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("metadata.name",
                        "no ClusterNetworkPolicy " + name + " in the cluster")));
    }

    @ExceptionHandler(ClusterPolicyPage.BadRequest.class)
    @ResponseBody
    ResponseEntity<?> badPage(ClusterPolicyPage.BadRequest e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(error(e.path, e.getMessage()));
    }

    private static Map<String, Object> error(String path, String message) {
        return Map.of("errors", List.of(Map.of("path", path, "message", message)));
    }
}
