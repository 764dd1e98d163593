package io.netfence.admin.demo;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the demo API server answers to TokenReview and SubjectAccessReview (fabric8's CRUD mock would only store them),
 * for the documented demo tokens; everything else goes to the CRUD dispatcher.
 * <ul>
 *   <li>{@code demo-viewer-token}: user {@code demo-viewer} (group {@code demo:viewers}), may read NetworkPolicies only;</li>
 *   <li>{@code demo-editor-token}: user {@code demo-editor} (group {@code demo:editors}), may also create, update and
 *       delete them;</li>
 *   <li>any other token is not authenticated.</li>
 * </ul>
 */
public class DemoAccessReviews extends Dispatcher {

    public static final String VIEWER_TOKEN = "demo-viewer-token";
    public static final String EDITOR_TOKEN = "demo-editor-token";

    private record DemoUser(String name, String group, boolean writes) {
    }

    private static final Map<String, DemoUser> TOKENS = Map.of(
            VIEWER_TOKEN, new DemoUser("demo-viewer", "demo:viewers", false),
            EDITOR_TOKEN, new DemoUser("demo-editor", "demo:editors", true));
    private static final Set<String> READ = Set.of("get", "list", "watch");

    private final Dispatcher next;
    private final KubernetesSerialization json = new KubernetesSerialization();

    public DemoAccessReviews(Dispatcher next) {
        this.next = next;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath().replaceFirst("\\?.*", "");
        if ("POST".equals(request.getMethod()) && path.equals("/apis/authentication.k8s.io/v1/tokenreviews")) {
            TokenReview review = json.unmarshal(request.getUtf8Body(), TokenReview.class);
            DemoUser user = TOKENS.get(review.getSpec().getToken());
            review.setStatus(user == null ? new TokenReviewStatusBuilder().withAuthenticated(false).withError("invalid bearer token").build()
                    : new TokenReviewStatusBuilder().withAuthenticated(true).withNewUser().withUsername(user.name())
                    .withGroups(List.of(user.group(), "system:authenticated")).endUser().build());
            review.getSpec().setToken(null);
            return created(review);
        }
        if ("POST".equals(request.getMethod()) && path.equals("/apis/authorization.k8s.io/v1/subjectaccessreviews")) {
            SubjectAccessReview review = json.unmarshal(request.getUtf8Body(), SubjectAccessReview.class);
            String name = review.getSpec().getUser();
            boolean writes = TOKENS.values().stream().anyMatch(u -> u.name().equals(name) && u.writes());
            boolean known = TOKENS.values().stream().anyMatch(u -> u.name().equals(name));
            ResourceAttributes a = review.getSpec().getResourceAttributes();
            boolean networkPolicies = a != null && ("networking.k8s.io".equals(a.getGroup()) && "networkpolicies".equals(a.getResource())
                    || "netfence.io".equals(a.getGroup()) && "stagednetworkpolicies".equals(a.getResource()));
            boolean allowed = known && networkPolicies && (READ.contains(a.getVerb()) || writes);
            review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed)
                    .withReason(allowed ? "demo RBAC allows it" : "demo RBAC: " + name + " may not " + (a == null ? "do this" : a.getVerb() + " " + a.getResource()))
                    .build());
            return created(review);
        }
        return next.dispatch(request);
    }

    private MockResponse created(Object body) {
        return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(json.asJson(body));
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }

    @Override
    public void releaseResources() {
        next.releaseResources();
    }
}
