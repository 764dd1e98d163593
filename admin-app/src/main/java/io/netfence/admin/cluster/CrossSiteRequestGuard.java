package io.netfence.admin.cluster;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;

/**
 * Refuses state-changing requests that a browser marks as coming from another site ({@code Sec-Fetch-Site}), so a
 * foreign page cannot make a logged-in browser apply its session's draft. Scripts (curl) send no such header.
 */
@Configuration(proxyBeanMethods = false)
class CrossSiteRequestGuard implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            return true;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site == null || site.equals("same-origin") || site.equals("none")) {
            return true;
        }
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "cross-site requests may not change anything");
        return false;
    }
}
