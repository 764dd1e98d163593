package io.netfence.admin.nodes;

import io.netfence.admin.push.PushResults;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;

/** The live convergence panel of a push or bundle result page (polled by htmx until done) and its JSON. */
@Controller
class ConvergenceController {

    private final PushResults results;
    private final ConvergenceTracker tracker;

    ConvergenceController(PushResults results, ConvergenceTracker tracker) {
        this.results = results;
        this.tracker = tracker;
    }

    @GetMapping("/push/result/{id}/convergence")
    String panel(@PathVariable String id, Model model, HttpServletResponse response) {
        var c = results.convergence(id);
        if (c.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "push/expired";
        }
        model.addAttribute("convergence", tracker.progress(c.get()));
        model.addAttribute("id", id);
        return "nodes/convergence :: convergence";
    }

    @GetMapping("/api/v1/push-results/{id}/convergence")
    @ResponseBody
    ResponseEntity<?> api(@PathVariable String id) {
        return results.convergence(id).<ResponseEntity<?>>map(c -> ResponseEntity.ok(tracker.progress(c)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors",
                        List.of(Map.of("path", "id", "message", "no push result " + id + " in this session")))));
    }
}
