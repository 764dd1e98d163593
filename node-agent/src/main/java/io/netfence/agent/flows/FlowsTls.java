package io.netfence.agent.flows;

import org.springframework.core.env.Environment;

/**
 * Whether the agent's server speaks TLS, as Spring Boot configures it ({@code server.ssl.bundle}, or a key store or
 * certificate under {@code server.ssl.*}, not switched off by {@code server.ssl.enabled=false}). The chart points
 * {@code server.ssl.bundle} at the PEM files of the agents' TLS Secret when flows are on.
 */
final class FlowsTls {

    private FlowsTls() {
    }

    static boolean configured(Environment env) {
        if (!env.getProperty("server.ssl.enabled", Boolean.class, true)) {
            return false;
        }
        return has(env, "server.ssl.bundle") || has(env, "server.ssl.key-store") || has(env, "server.ssl.certificate");
    }

    private static boolean has(Environment env, String key) {
        String v = env.getProperty(key);
        return v != null && !v.isBlank();
    }
}
