package io.netfence.admin.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The JSON error body API clients get from the security layer: {@code {"errors":[{"path":null,"message":"..."}]}}. */
final class ApiErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Requests answered with JSON, never a redirect or a page: the API and the actuator. */
    static final RequestMatcher API = request -> {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.startsWith("/actuator/");
    };

    private ApiErrors() {
    }

    static void send(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("path", null);
        error.put("message", message);
        response.getWriter().write(JSON.writeValueAsString(Map.of("errors", List.of(Collections.unmodifiableMap(error)))));
    }

    static boolean isApi(HttpServletRequest request) {
        return API.matches(request);
    }
}
