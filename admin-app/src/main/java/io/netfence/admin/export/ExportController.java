package io.netfence.admin.export;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;

/** {@code GET /api/v1/export[?namespace=]}: the policies as a YAML bundle download. Read-only, for every logged-in user. */
@RestController
class ExportController {

    static final MediaType YAML = new MediaType("application", "yaml", StandardCharsets.UTF_8);

    private final PolicyExport export;

    ExportController(PolicyExport export) {
        this.export = export;
    }

    @GetMapping("/api/v1/export")
    ResponseEntity<String> export(@RequestParam(required = false) String namespace) {
        boolean all = namespace == null || namespace.isBlank();
        String file = "networkpolicies-" + (all ? "all" : namespace.replaceAll("[^a-z0-9-]", "_")) + ".yaml";
        return ResponseEntity.ok()
                .contentType(YAML)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
                .body(export.yaml(all ? null : namespace));
    }
}
