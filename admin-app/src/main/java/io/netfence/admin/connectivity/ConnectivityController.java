package io.netfence.admin.connectivity;

import io.netfence.admin.composer.DraftSession;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;

@Controller
class ConnectivityController {

    private final ConnectivityService connectivity;
    private final GroupedConnectivity grouped;
    private final DraftSession draft;

    ConnectivityController(ConnectivityService connectivity, GroupedConnectivity grouped, DraftSession draft) {
        this.connectivity = connectivity;
        this.grouped = grouped;
        this.draft = draft;
    }

    /** By workload (default) or namespace: {@link GroupedConnectivity}; {@code group=pod}: the pod-by-pod matrix (capped). */
    @GetMapping("/connectivity")
    String page(@RequestParam(name = "namespace", required = false) List<String> namespaces,
                @RequestParam(required = false) String selector, @RequestParam(required = false) String port,
                @RequestParam(required = false) String protocol, @RequestParam(required = false) String group,
                @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        boolean byPod = "pod".equals(group);
        model.addAttribute("group", byPod ? "pod" : group == null || group.isBlank() ? GroupedConnectivity.BY_WORKLOAD : group);
        if (byPod) {
            model.addAttribute("m", connectivity.matrix(namespaces, selector, port, protocol, draft.yaml()));
            return htmx != null ? "connectivity/connectivity :: matrix" : "connectivity/connectivity";
        }
        GroupMatrixView g = grouped.matrix(namespaces, selector, port, protocol, group, draft.yaml());
        model.addAttribute("g", g);
        model.addAttribute("m", g);
        return htmx != null ? "connectivity/connectivity :: gmatrix" : "connectivity/connectivity";
    }

    /** A cell of the grouped matrix opened: its pod pairs, each to explain. */
    @GetMapping("/connectivity/cell")
    String cell(@RequestParam(name = "namespace", required = false) List<String> namespaces,
                @RequestParam(required = false) String selector, @RequestParam(required = false) String port,
                @RequestParam(required = false) String protocol, @RequestParam(required = false) String group,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        model.addAttribute("c", grouped.cell(namespaces, selector, port, protocol, group, from, to, draft.yaml()));
        return "connectivity/connectivity :: cell";
    }

    @GetMapping("/connectivity/explain")
    String explain(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String port, @RequestParam(required = false) String protocol, Model model) {
        model.addAttribute("x", connectivity.explain(from, to, port, protocol, draft.yaml()));
        return "connectivity/connectivity :: explain";
    }

    /**
     * The matrix; a draft in the body (YAML) is compared against the current state. Pod by pod (capped) unless
     * {@code group=workload} or {@code group=namespace}.
     */
    @PostMapping("/api/v1/connectivity")
    @ResponseBody
    ResponseEntity<?> api(@RequestParam(name = "namespace", required = false) List<String> namespaces,
                          @RequestParam(required = false) String selector, @RequestParam(required = false) String port,
                          @RequestParam(required = false) String protocol, @RequestParam(required = false) String group,
                          @RequestBody(required = false) String body) {
        if (group != null && !group.isBlank() && !"pod".equals(group)) {
            GroupMatrixView g = grouped.matrix(namespaces, selector, port, protocol, group, body);
            return ResponseEntity.status(g.error() == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST).body(g);
        }
        MatrixView m = connectivity.matrix(namespaces, selector, port, protocol, body);
        return ResponseEntity.status(m.error() == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST).body(m);
    }

    @PostMapping("/api/v1/connectivity/explain")
    @ResponseBody
    ResponseEntity<Explanation> apiExplain(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                           @RequestParam(required = false) String port, @RequestParam(required = false) String protocol,
                                           @RequestBody(required = false) String body) {
        Explanation x = connectivity.explain(from, to, port, protocol, body);
        return ResponseEntity.status(x.error() == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST).body(x);
    }
}
