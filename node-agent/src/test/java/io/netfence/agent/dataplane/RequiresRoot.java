package io.netfence.agent.dataplane;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a kernel test: it needs root plus the listed tools and kernel features. When one is missing the test is
 * skipped with a loud banner on stderr; under {@code CI=true} the missing prerequisite fails the test instead,
 * so CI can never go green by skipping the dataplane proof.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelPrerequisites.class)
public @interface RequiresRoot {

    /** Executables that must be on the PATH (or in /usr/sbin, /sbin). */
    String[] tools() default {"ip", "iptables", "iptables-restore", "ipset"};

    /** Kernel or runtime features that must work. */
    KernelFeature[] features() default {KernelFeature.NETNS};
}
