package io.netfence.admin.security;

import io.netfence.admin.ConsoleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Every page: a CSP without inline scripts or styles, frame-ancestors 'none', nosniff, a referrer policy, the CSRF
 * meta tags for htmx; and no template carries inline script, style or event handler attributes the CSP would block.
 */
@ConsoleTest
class SecurityHeadersTest {

    static final List<String> PAGES = List.of("/", "/pods", "/policies", "/composer", "/preview", "/connectivity",
            "/policies/frontend/web-allow-ingress-controller", "/no/such/page");

    @Autowired
    MockMvc mvc;

    @Test
    void everyPageCarriesTheSecurityHeadersAndTheCsrfMetaTags() throws Exception {
        for (String page : PAGES) {
            MvcResult r = mvc.perform(get(page).accept("text/html")).andReturn();
            var response = r.getResponse();
            String csp = response.getHeader("Content-Security-Policy");
            assertThat(csp).as(page).contains("default-src 'self'").contains("script-src 'self'").contains("style-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(response.getHeader("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
            assertThat(response.getHeader("Referrer-Policy")).as(page).isEqualTo("same-origin");
            assertThat(response.getHeader("X-Frame-Options")).as(page).isEqualTo("DENY");
            if (page.equals("/no/such/page")) {
                continue;
            }
            String html = response.getContentAsString();
            assertThat(html).as(page).containsPattern("<meta name=\"_csrf\" content=\"[^\"]+\">")
                    .contains("<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">");
        }
    }

    @Test
    @WithMockUser(username = "<script>window.pwned=1</script>", roles = "VIEWER")
    void aUserNameWithMarkupIsRenderedAsText() throws Exception {
        String html = mvc.perform(get("/").accept("text/html")).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("<span id=\"current-user\">&lt;script&gt;window.pwned=1&lt;/script&gt;</span>")
                .doesNotContain("<script>window.pwned");
    }

    static final Pattern INLINE = Pattern.compile("(?i)([\\s:]style=|[\\s:]on[a-z]+=|<style|<script(?![^>]*src=)|hx-on|javascript:)");

    @Test
    void noTemplateHasInlineScriptsStylesOrHandlers() throws IOException {
        Path templates = Path.of("src/main/resources/templates");
        try (Stream<Path> files = Files.walk(templates)) {
            List<Path> html = files.filter(f -> f.toString().endsWith(".html")).toList();
            assertThat(html).hasSizeGreaterThan(10);
            for (Path f : html) {
                String text = Files.readString(f);
                assertThat(INLINE.matcher(text).find()).as(f + " has inline script/style: " + firstMatch(text)).isFalse();
                assertThat(text).as(f + ": htmx event filters need eval, which the CSP forbids").doesNotContainPattern("hx-trigger=\"[^\"]*\\[");
            }
        }
    }

    private static String firstMatch(String text) {
        var m = INLINE.matcher(text);
        return m.find() ? text.substring(Math.max(0, m.start() - 40), Math.min(text.length(), m.end() + 40)) : "";
    }
}
