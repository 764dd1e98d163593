package io.netfence.admin.pods;

import io.netfence.admin.paging.ItemList;
import io.netfence.admin.paging.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;
import java.util.Map;

@Controller
class PodsController {

    private final PodsService pods;
    private final PodCatalog catalog;

    PodsController(PodsService pods, PodCatalog catalog) {
        this.pods = pods;
        this.catalog = catalog;
    }

    @GetMapping("/pods")
    String page(@RequestParam(required = false) String view, @RequestParam(required = false) String namespace,
                @RequestParam(required = false) String selector, @RequestParam(required = false) String workload,
                @RequestParam(required = false) String limit, @RequestParam(name = "continue", required = false) String continueToken,
                Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
        PodListing listing = pods.list(view, PodsService.Filters.of(namespace, selector, workload), PageRequest.of(limit, continueToken));
        model.addAttribute("listing", listing);
        // every namespace's row is fetched when the table is opened (/pods/namespaces); one namespace's is shown at once
        model.addAttribute("namespaceRows", listing.namespace() == null ? null : listing.namespaceRows());
        return htmx != null ? "pods/pods :: results" : "pods/pods";
    }

    /** The namespace table's rows (labels, pods, policies), for the pods page's collapsed table. */
    @GetMapping("/pods/namespaces")
    String namespaceRows(Model model) {
        model.addAttribute("namespaceRows", pods.namespaceRows(catalog.current(), null));
        return "pods/pods :: namespaceRows";
    }

    @GetMapping("/api/v1/pods")
    @ResponseBody
    ResponseEntity<?> api(@RequestParam(required = false) String namespace, @RequestParam(required = false) String selector,
                          @RequestParam(required = false) String workload, @RequestParam(required = false) String policy,
                          @RequestParam(required = false) String peer, @RequestParam(required = false) String limit,
                          @RequestParam(name = "continue", required = false) String continueToken) {
        PodsService.Filters filters = PodsService.Filters.of(namespace, selector, workload);
        PageRequest page = PageRequest.of(limit, continueToken);
        if (filters.selectorError() != null) {
            return selectorError(filters);
        }
        var ofPolicy = io.netfence.admin.policies.PolicyPods.filter(policy, peer, catalog.current().snapshot());
        return ResponseEntity.ok(ItemList.of("PodList", pods.pods(filters, ofPolicy, page)));
    }

    @GetMapping("/api/v1/workloads")
    @ResponseBody
    ResponseEntity<?> workloads(@RequestParam(required = false) String namespace, @RequestParam(required = false) String selector,
                                @RequestParam(required = false) String limit,
                                @RequestParam(name = "continue", required = false) String continueToken) {
        PodsService.Filters filters = PodsService.Filters.of(namespace, selector, null);
        PageRequest page = PageRequest.of(limit, continueToken);
        if (filters.selectorError() != null) {
            return selectorError(filters);
        }
        return ResponseEntity.ok(ItemList.of("WorkloadList", pods.workloads(filters, page)));
    }

    @GetMapping("/api/v1/namespaces")
    @ResponseBody
    ItemList<PodListing.NamespaceRow> namespaces(@RequestParam(required = false) String limit,
                                                 @RequestParam(name = "continue", required = false) String continueToken) {
        return ItemList.of("NamespaceList", PageRequest.of(limit, continueToken)
                .page(pods.namespaceRows(catalog.current(), null), n -> n.name()));
    }

    private static ResponseEntity<?> selectorError(PodsService.Filters filters) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(Map.of("errors", List.of(Map.of("path", "selector", "message", filters.selectorError()))));
    }
}
