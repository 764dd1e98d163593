package io.netfence.admin.overview;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
class OverviewController {

    private final OverviewService overview;

    OverviewController(OverviewService overview) {
        this.overview = overview;
    }

    @GetMapping("/")
    String page(Model model) {
        model.addAttribute("overview", overview.overview());
        return "overview/overview";
    }

    @GetMapping("/api/v1/overview")
    @ResponseBody
    Overview api() {
        return overview.overview();
    }
}
