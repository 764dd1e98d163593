package io.netfence.admin;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.testSecurityContext;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Every MockMvc request of a {@link ConsoleTest} runs as the test's user ({@code @WithMockUser}: a default request
 * replaces the one Spring Security's MockMvc support sets, so it keeps {@code testSecurityContext()}) and carries a
 * valid CSRF token, as the console's pages send it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MockMvcDefaults {

    @Bean
    MockMvcBuilderCustomizer csrfByDefault() {
        return builder -> builder.defaultRequest(get("/").with(testSecurityContext()).with(csrf()));
    }
}
