package io.netfence.admin.policies;

import io.netfence.engine.model.NamespaceInfo;
import io.netfence.admin.cluster.LiveCluster;
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

@Controller
class PoliciesController {

    private final PoliciesService policies;
    private final LiveCluster cluster;

    PoliciesController(PoliciesService policies, LiveCluster cluster) {
        this.policies = policies;
        this.cluster = cluster;
    }

    @GetMapping("/policies")
    String list(@RequestParam(required = false) String namespace, @RequestParam(required = false) String name,
                @RequestParam(required = false) String limit, @RequestParam(name = "continue", required = false) String continueToken,
                Model model) {
        model.addAttribute("namespace", namespace == null || namespace.isBlank() ? null : namespace);
        model.addAttribute("name", name == null || name.isBlank() ? null : name);
        model.addAttribute("namespaces", cluster.snapshot().namespaces().stream().map(NamespaceInfo::name).toList());
        model.addAttribute("page", policies.list(namespace, name, PageRequest.of(limit, continueToken)));
        return "policies/list";
    }

    @GetMapping("/policies/{namespace}/{name}")
    String detail(@PathVariable String namespace, @PathVariable String name, Model model, HttpServletResponse response) {
        var detail = policies.detail(namespace, name, java.time.Duration.ofMillis(150));
        if (detail.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", namespace + "/" + name);
            return "policies/missing";
        }
        model.addAttribute("p", detail.get());
        return "policies/detail";
    }

    @GetMapping("/api/v1/policies")
    @ResponseBody
    ItemList<PolicySummary> apiList(@RequestParam(required = false) String namespace, @RequestParam(required = false) String name,
                                    @RequestParam(required = false) String limit,
                                    @RequestParam(name = "continue", required = false) String continueToken) {
        return ItemList.of("PolicyList", policies.list(namespace, name, PageRequest.of(limit, continueToken)));
    }

    @GetMapping("/api/v1/policies/{namespace}/{name}")
    @ResponseBody
    ResponseEntity<?> apiDetail(@PathVariable String namespace, @PathVariable String name) {
        return policies.detail(namespace, name).<ResponseEntity<?>>map(d -> ResponseEntity.ok(PolicyDetailJson.of(d)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors", List.of(Map.of("path", "metadata.name",
                        "message", "no NetworkPolicy " + namespace + "/" + name + " in the cluster")))));
    }
}
