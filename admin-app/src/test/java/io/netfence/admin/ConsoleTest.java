package io.netfence.admin;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A console test against its demo cluster: the fabric8 CRUD mock API server in-process, seeded, with the demo
 * agents publishing NodeFirewallStatus. All test classes share one context (and one demo cluster).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "netfence.demo=true")
@AutoConfigureMockMvc
public @interface ConsoleTest {
}
