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
 * explicit expectations (the CRUD mock would only store them), answering as an audience-aware API server: "good-*"
 * tokens are bound to the audience netfence-agent, "api-*" tokens to the API server's own audience, and "x-name"
 * authenticates as system:serviceaccount:netfence:name only when the review asks for its audience; "legacy-*" tokens
 * come back authenticated as ...:console without any audience (an API server that ignored spec.audiences). The
 * SubjectAccessReview allows only system:serviceaccount:netfence:console, and only for get on netfence.io nodes/flows
 * named node-1.
 */
class FlowsEndpointAuthTest {

    private static final String API_AUDIENCE = "https://kubernetes.default.svc";

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final List<SubjectAccessReview> reviews = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<List<String>> audiences = new CopyOnWriteArrayList<>();
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
            List<String> asked = r.getSpec().getAudiences() == null || r.getSpec().getAudiences().isEmpty()
                    ? List.of(API_AUDIENCE) : r.getSpec().getAudiences();
            tokens.add(token);
            audiences.add(r.getSpec().getAudiences());
            String bound = token.startsWith("good-") ? "netfence-agent" : token.startsWith("api-") ? API_AUDIENCE : null;
            if (token.startsWith("legacy-")) {
                r.setStatus(new TokenReviewStatusBuilder().withAuthenticated(true).withNewUser()
                        .withUsername("system:serviceaccount:netfence:console").endUser().build());
            } else if (bound != null && asked.contains(bound)) {
                r.setStatus(new TokenReviewStatusBuilder().withAuthenticated(true).withAudiences(bound).withNewUser()
                        .withUsername("system:serviceaccount:netfence:" + token.substring(token.indexOf('-') + 1))
                        .withUid("uid-" + token).withGroups("system:serviceaccounts").endUser().build());
            } else {
                r.setStatus(new TokenReviewStatusBuilder().withAuthenticated(false)
                        .withError(bound == null ? "invalid bearer token" : "token audiences [" + bound + "] is invalid for the target audiences " + asked)
                        .build());
            }
            return r;
        }).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, req -> {
            SubjectAccessReview r = json.unmarshal(req.getBody().readUtf8(), SubjectAccessReview.class);
            reviews.add(r);
            var a = r.getSpec().getResourceAttributes();
            boolean allowed = r.getSpec().getUser().equals("system:serviceaccount:netfence:console")
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
        FlowsAccess access = new FlowsAccess(client, "node-1", "netfence-agent", Duration.ofSeconds(10), Clock.systemUTC());
        mvc = MockMvcBuilders.standaloneSetup(controller).addFilter(new FlowsAuthFilter(access), "/flows").build();
    }

    /** GET /flows as it arrives over the agent's TLS port (MockMvc: a secure request). */
    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder flows() {
        return get("/flows").secure(true);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.destroy();
    }

    @Test
    void withoutATokenNothingAndNoReview() throws Exception {
        mvc.perform(flows()).andExpect(status().isUnauthorized()).andExpect(header().string("WWW-Authenticate", "Bearer realm=\"netfence-agent\""))
                .andExpect(content().string("a bearer token is required\n"));
        mvc.perform(flows().header("Authorization", "Basic Zm9vOmJhcg==")).andExpect(status().isUnauthorized());
        mvc.perform(flows().header("Authorization", "Bearer ")).andExpect(status().isUnauthorized());
        assertThat(tokens).isEmpty();
    }

    @Test
    void anInvalidTokenIs401AndLeaksNothing() throws Exception {
        String body = mvc.perform(flows().header("Authorization", "Bearer forged")).andExpect(status().isUnauthorized())
                .andReturn().getResponse().getContentAsString();
        assertThat(body).isEqualTo("the token is not valid\n").doesNotContain("10.0.0");
        assertThat(tokens).containsExactly("forged");
        assertThat(reviews).isEmpty();
    }

    @Test
    void anAuthenticatedUserWithoutTheGrantIs403() throws Exception {
        String body = mvc.perform(flows().header("Authorization", "Bearer good-intruder")).andExpect(status().isForbidden())
                .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("10.0.0").doesNotContain("shop");
        assertThat(reviews).singleElement().satisfies(r -> {
            assertThat(r.getSpec().getUser()).isEqualTo("system:serviceaccount:netfence:intruder");
            assertThat(r.getSpec().getGroups()).containsExactly("system:serviceaccounts");
            assertThat(r.getSpec().getUid()).isEqualTo("uid-good-intruder");
        });
    }

    @Test
    void anAuthorizedCallerGetsTheFlowsAndTheDecisionIsCached() throws Exception {
        for (int i = 0; i < 3; i++) {
            mvc.perform(flows().header("Authorization", "bearer good-console")).andExpect(status().isOk())
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
        assertThat(audiences).as("the review asks for the agents' audience").containsExactly(List.of("netfence-agent"));
        assertThat(reviews).hasSize(1);
    }

    @Test
    void aPlainHttpRequestIsRefusedBeforeItsTokenIsLookedAt() throws Exception {
        String body = mvc.perform(get("/flows").header("Authorization", "Bearer good-console")).andExpect(status().isForbidden())
                .andReturn().getResponse().getContentAsString();
        assertThat(body).isEqualTo("/flows is served over HTTPS only\n");
        assertThat(tokens).isEmpty();
    }

    /** The console's API token (audience: the API server) is useless at the agent, though its user holds the grant. */
    @Test
    void aTokenBoundToAnotherAudienceIs401() throws Exception {
        String body = mvc.perform(flows().header("Authorization", "Bearer api-console")).andExpect(status().isUnauthorized())
                .andReturn().getResponse().getContentAsString();
        assertThat(body).isEqualTo("the token is not valid\n");
        assertThat(tokens).containsExactly("api-console");
        assertThat(audiences).containsExactly(List.of("netfence-agent"));
        assertThat(reviews).as("no authorization asked for an unauthenticated token").isEmpty();
    }

    /** A review that does not name the audience (an API server that ignored it) proves nothing: refused. */
    @Test
    void aReviewThatDoesNotConfirmTheAudienceIs401() throws Exception {
        mvc.perform(flows().header("Authorization", "Bearer legacy-console")).andExpect(status().isUnauthorized())
                .andExpect(content().string("the token is not valid\n"));
        assertThat(reviews).isEmpty();
    }

    @Test
    void anEmptyAudienceIsRefusedAtStartNamingTheProperty() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FlowsAccess(client, "node-1", " ", Duration.ofSeconds(1), Clock.systemUTC()))
                .hasMessageContaining("netfence.agent.flows.audience");
    }

    @Test
    void anUnreachableApiServerIs503WithoutData() throws Exception {
        client.close();
        server.destroy();
        String body = mvc.perform(flows().header("Authorization", "Bearer good-console"))
                .andExpect(status().isServiceUnavailable()).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("10.0.0");
        server = new KubernetesMockServer(false); // for tearDown
        server.init();
        client = server.createClient();
    }
}
