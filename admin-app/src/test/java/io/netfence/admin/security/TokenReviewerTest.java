package io.netfence.admin.security;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** TokenReviewer against an API server that answers TokenReviews: the user it returns, and the bounded 30 s cache. */
class TokenReviewerTest {

    final KubernetesSerialization json = new KubernetesSerialization();
    final List<String> reviewed = new CopyOnWriteArrayList<>();
    KubernetesMockServer server;
    KubernetesClient client;
    Instant now = Instant.parse("2026-11-30T12:00:00Z");

    @BeforeEach
    void start() {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!request.getPath().startsWith("/apis/authentication.k8s.io/v1/tokenreviews")) {
                    return crud.dispatch(request);
                }
                TokenReview review = json.unmarshal(request.getUtf8Body(), TokenReview.class);
                String token = review.getSpec().getToken();
                reviewed.add(token);
                review.setStatus(token.startsWith("good-")
                        ? new TokenReviewStatusBuilder().withAuthenticated(true).withNewUser().withUsername("system:serviceaccount:ci:" + token)
                        .withGroups("system:serviceaccounts", "system:serviceaccounts:ci").endUser().build()
                        : new TokenReviewStatusBuilder().withAuthenticated(false).build());
                return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(json.asJson(review));
            }
        }, false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    TokenReviewer reviewer() {
        return new TokenReviewer(client, new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        });
    }

    @Test
    void anAuthenticatedTokenBecomesATokenActorWithItsUserAndGroups() {
        Actor actor = reviewer().review("good-deployer").orElseThrow();
        assertThat(actor.name()).isEqualTo("system:serviceaccount:ci:good-deployer");
        assertThat(actor.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ci");
        assertThat(actor.source()).isEqualTo(Actor.Source.TOKEN);
        assertThat(actor.editor()).as("a token's writes are decided by RBAC, never by the console role").isFalse();
        assertThat(reviewer().review("bad-token")).isEmpty();
    }

    @Test
    void resultsAreCachedForThirtySecondsAndTheCacheIsBounded() {
        TokenReviewer reviewer = reviewer();
        reviewer.review("good-a");
        reviewer.review("good-a");
        reviewer.review("bad-b");
        reviewer.review("bad-b");
        assertThat(reviewed).containsExactly("good-a", "bad-b");
        now = now.plus(Duration.ofSeconds(29));
        reviewer.review("good-a");
        assertThat(reviewed).hasSize(2);
        now = now.plus(Duration.ofSeconds(2));
        reviewer.review("good-a");
        assertThat(reviewed).containsExactly("good-a", "bad-b", "good-a");

        for (int i = 0; i < TokenReviewer.MAX_ENTRIES + 1; i++) {
            reviewer.review("good-" + i);
        }
        reviewed.clear();
        reviewer.review("good-0");
        assertThat(reviewed).as("the oldest entry was evicted").containsExactly("good-0");
    }
}
