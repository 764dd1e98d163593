package io.netfence.agent.cli;

import io.netfence.agent.config.AgentProperties;
import io.netfence.agent.kernel.IptablesMode;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks the settings an operator most often gets wrong before the agent boots, so the mistake is one line
 * naming the fix instead of a Spring start-up failure. The settings are resolved exactly as Spring will resolve
 * them (command line, system properties, environment with relaxed names, application.yaml and
 * {@code spring.config.*} files), only without creating the application context.
 */
final class AgentSettingsCheck {

    private AgentSettingsCheck() {
    }

    /** The problem, or null when the agent may start (also when the settings cannot be read here: Spring reports that). */
    static String problem(String[] args) {
        Binder binder;
        try {
            StandardEnvironment env = new StandardEnvironment();
            env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
            ConfigDataEnvironmentPostProcessor.applyTo(env);
            binder = Binder.get(env);
        } catch (RuntimeException e) {
            return null;
        }
        String nodeName = binder.bind("netfence.agent.node-name", String.class).orElse("");
        if (nodeName.isBlank()) {
            return AgentProperties.NODE_NAME_MISSING;
        }
        String mode;
        try {
            mode = binder.bind("netfence.agent.iptables-mode", String.class).orElse("auto");
        } catch (RuntimeException e) {
            return null;
        }
        if (IptablesMode.parse(mode) == null) {
            return "netfence.agent.iptables-mode=\"" + mode + "\" is not a mode: set it to "
                    + Arrays.stream(IptablesMode.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                    + " (NETFENCE_AGENT_IPTABLESMODE or --netfence.agent.iptables-mode=auto)";
        }
        return null;
    }
}
