package io.netfence.admin.audit;

import io.netfence.admin.paging.ItemList;
import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;

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
    String page(@RequestParam(required = false) String namespace, @RequestParam(required = false) String user,
                @RequestParam(required = false) String limit, @RequestParam(name = "continue", required = false) String continueToken,
                Model model) {
        List<AuditRecord> all = history.all();
        model.addAttribute("namespace", namespace);
        model.addAttribute("user", user);
        model.addAttribute("namespaces", new TreeSet<>(all.stream().map(AuditRecord::namespace).filter(java.util.Objects::nonNull).toList()));
        model.addAttribute("users", new TreeSet<>(all.stream().map(AuditRecord::user).toList()));
        Page<AuditRecord> page = history.page(namespace, user, PageRequest.of(limit, continueToken));
        model.addAttribute("page", page);
        model.addAttribute("records", page.items());
        model.addAttribute("available", history.available());
        return "audit/audit";
    }

    @GetMapping("/api/v1/audit")
    @ResponseBody
    ItemList<AuditRecord> api(@RequestParam(required = false) String namespace, @RequestParam(required = false) String user,
                              @RequestParam(required = false) String limit,
                              @RequestParam(name = "continue", required = false) String continueToken) {
        return ItemList.of("AuditRecordList", history.page(namespace, user, PageRequest.of(limit, continueToken)));
    }
}
