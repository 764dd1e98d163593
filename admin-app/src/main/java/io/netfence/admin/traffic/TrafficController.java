package io.netfence.admin.traffic;

import io.netfence.admin.paging.ItemList;
import io.netfence.admin.paging.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The Traffic page ({@code /traffic}) and {@code GET /api/v1/flows}. Read-only. */
@Controller
class TrafficController {

    private final TrafficService traffic;

    TrafficController(TrafficService traffic) {
        this.traffic = traffic;
    }

    @GetMapping("/traffic")
    String page(@RequestParam(required = false) String namespace, @RequestParam(required = false) String pod,
                @RequestParam(required = false) String port, @RequestParam(required = false) String verdict,
                @RequestParam(required = false) String window, @RequestParam(required = false) String groupBy,
                @RequestParam(required = false) String limit, @RequestParam(name = "continue", required = false) String continueToken,
                Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
        TrafficFilters filters = TrafficFilters.of(namespace, pod, port, verdict, window, groupBy);
        model.addAttribute("view", traffic.view(filters, PageRequest.of(limit, continueToken)));
        return htmx != null ? "traffic/traffic :: results" : "traffic/traffic";
    }

    @GetMapping("/api/v1/flows")
    @ResponseBody
    ItemList<ObservedFlow> api(@RequestParam(required = false) String namespace, @RequestParam(required = false) String pod,
                               @RequestParam(required = false) String port, @RequestParam(required = false) String verdict,
                               @RequestParam(required = false) String window, @RequestParam(required = false) String limit,
                               @RequestParam(name = "continue", required = false) String continueToken) {
        TrafficFilters filters = TrafficFilters.of(namespace, pod, port, verdict, window, null);
        return ItemList.of("FlowList", traffic.flowPage(filters, PageRequest.of(limit, continueToken)));
    }
}
