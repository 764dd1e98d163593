package io.netfence.agent.flows;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * /flows behind its filter, against a mock API server whose TokenReviews and SubjectAccessReviews are stubbed with
 * explicit expectations (the CRUD mock would only store them): "good-*" tokens authenticate as
 * system:serviceaccount:netfence:&lt;token&gt;; the SubjectAccessReview allows only good-console, and only for
 * get on netfence.io nodes/flows named node-1.
 */
class FlowsEndpointAuthTest {

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final List<SubjectAccessReview> reviews = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        // CRUD for everything else, the expectations below first (a shared responses map)
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, req -> {
            TokenReview r = json.unmarshal(req.getBody().readUtf8(), TokenReview.class);
            String token = r.getSpec().getToken();
            tokens.add(token);
            r.setStatus(token.startsWith("good-")
                    ? new TokenReviewStatusBuilder().withAuthenticated(true).withNewUser().withUsername("system:serviceaccount:netfence:" + token)
                    .withUid("uid-" + token).withGroups("system:serviceaccounts").endUser().build()
                    : new TokenReviewStatusBuilder().withAuthenticated(false).withError("invalid bearer token").build());
            return r;
        }).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, req -> {
            SubjectAccessReview r = json.unmarshal(req.getBody().readUtf8(), SubjectAccessReview.class);
            reviews.add(r);
            var a = r.getSpec().getResourceAttributes();
            boolean allowed = r.getSpec().getUser().equals("system:serviceaccount:netfence:good-console")
                    && "netfence.io".equals(a.getGroup()) && "nodes".equals(a.getResource()) && "flows".equals(a.getSubresource())
                    && "node-1".equals(a.getName()) && "get".equals(a.getVerb());
            r.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed).build());
            return r;
        }).always();

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FlowAggregator aggregator = new FlowAggregator(10, Clock.systemUTC(),
                ip -> ip.equals("10.0.0.1") ? Optional.of(new PodIdentity("shop", "web-1", "Deployment", "web")) : Optional.empty(), registry);
        aggregator.accept(new FlowObservation(FlowObservation.Verdict.DENIED, "NETFENCE-IN-0bc001f3d4c08096",
                new FlowTuple("10.0.0.9", "10.0.0.1", "tcp", 40000, 8080)));
        NflogReader reader = new NflogReader(1, null, o -> { }, registry); // never started
        FlowsController controller = new FlowsController("node-1", aggregator, reader,
                chain -> chain.startsWith("NETFENCE-IN-") ? Optional.of("ingress of pod shop/web-1") : Optional.empty());
        FlowsAccess access = new FlowsAccess(client, "node-1", Duration.ofSeconds(10), Clock.systemUTC());
        mvc = MockMvcBuilders.standaloneSetup(controller).addFilter(new FlowsAuthFilter(access), "/flows").build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.destroy();
    }

    @Test
    void withoutATokenNothingAndNoReview() throws Exception {
        mvc.perform(get("/flows")).andExpect(status().isUnauthorized()).andExpect(header().string("WWW-Authenticate", "Bearer realm=\"netfence-agent\""))
                .andExpect(content().string("a bearer token is required\n"));
        mvc.perform(get("/flows").header("Authorization", "Basic Zm9vOmJhcg==")).andExpect(status().isUnauthorized());
        mvc.perform(get("/flows").header("Authorization", "Bearer ")).andExpect(status().isUnauthorized());
        assertThat(tokens).isEmpty();
    }

    @Test
    void anInvalidTokenIs401AndLeaksNothing() throws Exception {
        String body = mvc.perform(get("/flows").header("Authorization", "Bearer forged")).andExpect(status().isUnauthorized())
                .andReturn().getResponse().getContentAsString();
        assertThat(body).isEqualTo("the token is not valid\n").doesNotContain("10.0.0");
        assertThat(tokens).containsExactly("forged");
        assertThat(reviews).isEmpty();
    }

    @Test
    void anAuthenticatedUserWithoutTheGrantIs403() throws Exception {
        String body = mvc.perform(get("/flows").header("Authorization", "Bearer good-intruder")).andExpect(status().isForbidden())
                .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("10.0.0").doesNotContain("shop");
        assertThat(reviews).singleElement().satisfies(r -> {
            assertThat(r.getSpec().getUser()).isEqualTo("system:serviceaccount:netfence:good-intruder");
            assertThat(r.getSpec().getGroups()).containsExactly("system:serviceaccounts");
            assertThat(r.getSpec().getUid()).isEqualTo("uid-good-intruder");
        });
    }

    @Test
    void anAuthorizedCallerGetsTheFlowsAndTheDecisionIsCached() throws Exception {
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/flows").header("Authorization", "bearer good-console")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.node").value("node-1"))
                    .andExpect(jsonPath("$.observing").value(false))
                    .andExpect(jsonPath("$.flows[0].source.ip").value("10.0.0.9"))
                    .andExpect(jsonPath("$.flows[0].source.pod").doesNotExist())
                    .andExpect(jsonPath("$.flows[0].destination.pod.workloadName").value("web"))
                    .andExpect(jsonPath("$.flows[0].port").value(8080))
                    .andExpect(jsonPath("$.flows[0].verdict").value("denied"))
                    .andExpect(jsonPath("$.flows[0].chainOrigin").value("ingress of pod shop/web-1"))
                    .andExpect(jsonPath("$.flows[0].count").value(1));
        }
        assertThat(tokens).containsExactly("good-console");
        assertThat(reviews).hasSize(1);
    }

    @Test
    void anUnreachableApiServerIs503WithoutData() throws Exception {
        client.close();
        server.destroy();
        String body = mvc.perform(get("/flows").header("Authorization", "Bearer good-console"))
                .andExpect(status().isServiceUnavailable()).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("10.0.0");
        server = new KubernetesMockServer(false); // for tearDown
        server.init();
        client = server.createClient();
    }
}
