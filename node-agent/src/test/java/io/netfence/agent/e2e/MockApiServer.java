package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.netfence.watch.RestartableApiServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The restartable CRUD mock API server with the NodeFirewallStatus CRD stored, as the chart installs it. */
public final class MockApiServer extends RestartableApiServer {

    static final Path CRD = Path.of("..", "charts", "netfence", "crds", "nodefirewallstatuses.yaml");

    public MockApiServer() {
        try (InputStream in = Files.newInputStream(CRD)) {
            CustomResourceDefinition crd = admin().getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            admin().apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
