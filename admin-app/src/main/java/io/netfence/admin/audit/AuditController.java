package io.netfence.admin.audit;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;
import java.util.TreeSet;

/** The Audit page and its JSON twin: read-only, for every logged-in user. */
@Controller
class AuditController {

    private final AuditHistory history;

    AuditController(AuditHistory history) {
        this.history = history;
    }

    @GetMapping("/audit")
    String page(@RequestParam(required = false) String namespace, @RequestParam(required = false) String user, Model model) {
        List<AuditRecord> all = history.recent(null, null);
        model.addAttribute("namespace", namespace);
        model.addAttribute("user", user);
        model.addAttribute("namespaces", new TreeSet<>(all.stream().map(AuditRecord::namespace).filter(java.util.Objects::nonNull).toList()));
        model.addAttribute("users", new TreeSet<>(all.stream().map(AuditRecord::user).toList()));
        model.addAttribute("records", history.recent(namespace, user));
        model.addAttribute("available", history.available());
        model.addAttribute("limit", AuditHistory.LIMIT);
        return "audit/audit";
    }

    @GetMapping("/api/v1/audit")
    @ResponseBody
    List<AuditRecord> api(@RequestParam(required = false) String namespace, @RequestParam(required = false) String user) {
        return history.recent(namespace, user);
    }
}
