package io.netfence.admin.pods;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
class PodsController {

    private final PodsService pods;

    PodsController(PodsService pods) {
        this.pods = pods;
    }

    @GetMapping("/pods")
    String page(@RequestParam(required = false) String namespace, @RequestParam(required = false) String selector,
                Model model,
                @RequestHeader(name = "HX-Request", required = false) String htmx) {
        model.addAttribute("listing", pods.list(namespace, selector));
        return htmx != null ? "pods/pods :: results" : "pods/pods";
    }

    @GetMapping("/api/v1/pods")
    @ResponseBody
    ResponseEntity<PodListing> api(@RequestParam(required = false) String namespace, @RequestParam(required = false) String selector) {
        PodListing listing = pods.list(namespace, selector);
        return listing.selectorError() == null ? ResponseEntity.ok(listing) : ResponseEntity.badRequest().body(listing);
    }
}
