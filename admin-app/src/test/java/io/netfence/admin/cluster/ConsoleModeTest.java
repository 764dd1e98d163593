package io.netfence.admin.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleModeTest {

    @TempDir
    Path home;

    @Test
    void demoWithoutAnyClusterConfiguration() {
        assertThat(ConsoleMode.decide(null, Map.of(), home).demo()).isTrue();
    }

    @Test
    void kubeconfigInHomeOrEnvironmentMeansARealCluster() throws Exception {
        assertThat(ConsoleMode.decide(null, Map.of("KUBECONFIG", "/etc/kube/admin.conf"), home).demo()).isFalse();
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
        ConsoleMode mode = ConsoleMode.decide(null, Map.of(), home);
        assertThat(mode.demo()).isFalse();
        assertThat(mode.reason()).endsWith(".kube/config");
    }

    @Test
    void theFlagWinsBothWays() throws Exception {
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
        assertThat(ConsoleMode.decide(true, Map.of(), home).demo()).isTrue();
        assertThat(ConsoleMode.decide(false, Map.of(), Path.of("/nonexistent")).demo()).isFalse();
    }
}
