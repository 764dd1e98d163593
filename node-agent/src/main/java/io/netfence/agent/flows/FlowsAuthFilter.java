package io.netfence.agent.flows;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Guards {@code /flows}: a request that did not come over TLS → 403 before its token is looked at (the chart serves
 * {@code /flows} on a TLS port only; this refuses it should the server ever be configured without), no or a bad bearer
 * token → 401, a user without {@code get nodes/flows} → 403, the API server
 * unreachable → 503; none of them carries any flow data. The agent has no Spring Security (its other endpoints are
 * probes and metrics), so this one filter is the whole of it.
 */
public final class FlowsAuthFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FlowsAuthFilter.class);
    private static final String BEARER = "Bearer ";

    private final FlowsAccess access;

    public FlowsAuthFilter(FlowsAccess access) {
        this.access = access;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!request.isSecure()) {
            deny(response, HttpServletResponse.SC_FORBIDDEN, "/flows is served over HTTPS only");
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.substring(BEARER.length()).isBlank()) {
            deny(response, HttpServletResponse.SC_UNAUTHORIZED, "a bearer token is required");
            return;
        }
        FlowsAccess.Decision decision;
        try {
            decision = access.decide(header.substring(BEARER.length()).strip());
        } catch (RuntimeException e) {
            log.warn("cannot check a /flows caller with the API server: {}", e.getMessage());
            deny(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "cannot verify the token now");
            return;
        }
        switch (decision) {
            case ALLOWED -> chain.doFilter(request, response);
            case UNAUTHENTICATED -> deny(response, HttpServletResponse.SC_UNAUTHORIZED, "the token is not valid");
            case FORBIDDEN -> deny(response, HttpServletResponse.SC_FORBIDDEN,
                    "needs get on nodes/flows (API group netfence.io) for this node");
        }
    }

    private static void deny(HttpServletResponse response, int status, String message) throws IOException {
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"netfence-agent\"");
        }
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(message + "\n");
    }
}
