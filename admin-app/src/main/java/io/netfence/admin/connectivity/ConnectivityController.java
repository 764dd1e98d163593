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
    private final DraftSession draft;

    ConnectivityController(ConnectivityService connectivity, DraftSession draft) {
        this.connectivity = connectivity;
        this.draft = draft;
    }

    @GetMapping("/connectivity")
    String page(@RequestParam(name = "namespace", required = false) List<String> namespaces,
                @RequestParam(required = false) String selector, @RequestParam(required = false) String port,
                @RequestParam(required = false) String protocol,
                @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("m", connectivity.matrix(namespaces, selector, port, protocol, draft.yaml()));
        return htmx != null ? "connectivity/connectivity :: matrix" : "connectivity/connectivity";
    }

    @GetMapping("/connectivity/explain")
    String explain(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String port, @RequestParam(required = false) String protocol, Model model) {
        model.addAttribute("x", connectivity.explain(from, to, port, protocol, draft.yaml()));
        return "connectivity/connectivity :: explain";
    }

    /** The matrix; a draft in the body (YAML) is compared against the current state. */
    @PostMapping("/api/v1/connectivity")
    @ResponseBody
    ResponseEntity<MatrixView> api(@RequestParam(name = "namespace", required = false) List<String> namespaces,
                                   @RequestParam(required = false) String selector, @RequestParam(required = false) String port,
                                   @RequestParam(required = false) String protocol, @RequestBody(required = false) String body) {
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
