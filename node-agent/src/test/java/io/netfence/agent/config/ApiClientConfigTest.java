package io.netfence.agent.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiClientConfigTest {

    @Test
    void theAgentSpeaksHttp11ToTheApiServerUnlessToldOtherwise() {
        String before = System.getProperty("kubernetes.http2.disable");
        try {
            System.clearProperty("kubernetes.http2.disable");
            assertThat(AgentConfiguration.apiClientConfig(new ConfigBuilder().withMasterUrl("https://api:6443").build()).isHttp2Disable())
                    .isTrue();

            System.setProperty("kubernetes.http2.disable", "false");
            Config told = AgentConfiguration.apiClientConfig(Config.autoConfigure(null));
            assertThat(told.isHttp2Disable()).as("an explicit setting wins").isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("kubernetes.http2.disable");
            } else {
                System.setProperty("kubernetes.http2.disable", before);
            }
        }
    }
}
