package io.netfence.admin.security;

import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <token>} on the API: the token is checked with a TokenReview and the request runs as
 * its user (a read-only role for the console; writes are decided by a SubjectAccessReview in {@link WriteAccess}).
 * Nothing is stored in a session.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
    static final String ROLE_TOKEN = "ROLE_TOKEN";

    /** Requests this filter (and the stateless filter chain) handles. */
    static final RequestMatcher BEARER_API = request -> ApiErrors.isApi(request) && token(request) != null;

    private final TokenReviewer reviewer;

    BearerTokenFilter(TokenReviewer reviewer) {
        this.reviewer = reviewer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = token(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Actor> actor;
        try {
            actor = reviewer.review(token);
        } catch (KubernetesClientException e) {
            log.warn("TokenReview failed: HTTP {} {}", e.getCode(), e.getMessage());
            ApiErrors.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "The bearer token could not be checked: the API server did not answer the TokenReview (HTTP " + e.getCode() + ").");
            return;
        }
        if (actor.isEmpty()) {
            ApiErrors.send(response, HttpServletResponse.SC_UNAUTHORIZED,
                    "The bearer token was not accepted by the Kubernetes API server (TokenReview: not authenticated).");
            return;
        }
        var auth = new PreAuthenticatedAuthenticationToken(actor.get(), null,
                List.of(new SimpleGrantedAuthority(CurrentActor.ROLE_VIEWER), new SimpleGrantedAuthority(ROLE_TOKEN)));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    static String token(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
