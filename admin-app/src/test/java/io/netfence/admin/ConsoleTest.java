package io.netfence.admin;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A console test against its demo cluster: the fabric8 CRUD mock API server in-process, seeded, with the demo
 * agents publishing NodeFirewallStatus. All test classes share one context (and one demo cluster).
 * <p>
 * MockMvc requests run as an editor and carry a valid CSRF token ({@link MockMvcDefaults}), so feature tests read
 * as a logged-in editor would use the console; the security tests build their own MockMvc without these defaults.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "netfence.demo=true")
@AutoConfigureMockMvc
@Import(MockMvcDefaults.class)
@WithMockUser(username = "test-editor", roles = "EDITOR")
public @interface ConsoleTest {
}
