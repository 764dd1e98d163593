package io.netfence.watch;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The CRUD mock API server plus what an agent's {@code /flows} asks of a real one, with explicit expectations (the
 * CRUD mock would only store the reviews): a TokenReview authenticates only {@code token} (as the console's
 * ServiceAccount, echoing the audiences asked for), every SubjectAccessReview is allowed. The NodeFirewallStatus CRD is
 * installed, so agents can report. Shared by the flow benchmarks of the agent and of the console.
 */
public final class ReviewingApiServer implements AutoCloseable {

    public static final Path STATUS_CRD = Path.of("..", "charts", "netfence", "crds", "nodefirewallstatuses.yaml");

    private final KubernetesMockServer server;
    private final KubernetesClient admin;

    public ReviewingApiServer(String token) throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        admin = server.createClient();
        KubernetesSerialization json = admin.getKubernetesSerialization();
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, req -> {
            TokenReview r = json.unmarshal(req.getBody().readUtf8(), TokenReview.class);
            r.setStatus(token.equals(r.getSpec().getToken())
                    ? new TokenReviewStatusBuilder().withAuthenticated(true).withAudiences(r.getSpec().getAudiences()).withNewUser()
                    .withUsername("system:serviceaccount:netfence:console").withUid("uid-console").withGroups("system:serviceaccounts")
                    .endUser().build()
                    : new TokenReviewStatusBuilder().withAuthenticated(false).build());
            return r;
        }).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, req -> {
            SubjectAccessReview r = json.unmarshal(req.getBody().readUtf8(), SubjectAccessReview.class);
            r.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(true).build());
            return r;
        }).always();
        try (InputStream in = Files.newInputStream(STATUS_CRD)) {
            admin.apiextensions().v1().customResourceDefinitions().resource(json.unmarshal(in, CustomResourceDefinition.class)).create();
        }
    }

    public KubernetesClient admin() {
        return admin;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        admin.close();
        server.destroy();
    }
}
