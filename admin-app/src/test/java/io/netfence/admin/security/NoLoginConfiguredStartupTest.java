package io.netfence.admin.security;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netfence.admin.AdminApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The whole application, outside the demo, with neither users nor SSO configured: it does not start, and says why. */
class NoLoginConfiguredStartupTest {

    @Test
    void theConsoleRefusesToStartAndNamesWhatToSet() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        Path kubeconfig = Files.createTempFile("netfence-kubeconfig", ".yaml");
        try {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "http://localhost:%d"}}]
                    contexts: [{name: mock, context: {cluster: mock, user: tester}}]
                    current-context: mock
                    users: [{name: tester, user: {token: not-checked}}]
                    """.formatted(server.getPort()));
            Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(AdminApplication.class)
                    .properties("netfence.demo=false", "netfence.kubeconfig=" + kubeconfig, "server.port=0")
                    .run().close());
            assertThat(failure).isNotNull();
            Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
            assertThat(root).isInstanceOf(ConsoleUsers.NoLoginConfiguredException.class)
                    .hasMessageContaining("netfence.console.users").hasMessageContaining("netfence.console.oidc.issuer-uri");
        } finally {
            server.destroy();
            Files.deleteIfExists(kubeconfig);
        }
    }
}
