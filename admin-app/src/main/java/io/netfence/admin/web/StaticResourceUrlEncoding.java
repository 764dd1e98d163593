package io.netfence.admin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

import java.io.IOException;
import java.util.List;

/**
 * Versioned URLs for the console's own static files only. Boot's {@link ResourceUrlEncodingFilter} (on because of
 * webjars-locator-lite) resolves every URL a page writes against the static resource locations, a class-path lookup
 * per link: a page of 100 pods with their policy and node links spent most of its time there (hundreds of ms in the
 * packaged jar). This one hands only {@code /webjars/}, {@code /css/} and {@code /js/} URLs to it; Boot's backs off.
 */
@Configuration(proxyBeanMethods = false)
class StaticResourceUrlEncoding {

    static final List<String> STATIC = List.of("/webjars/", "/css/", "/js/");

    @Bean
    ResourceUrlEncodingFilter resourceUrlEncodingFilter() {
        return new StaticOnly();
    }

    static final class StaticOnly extends ResourceUrlEncodingFilter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws ServletException, IOException {
            if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse)) {
                super.doFilter(request, response, chain);
                return;
            }
            String context = http.getContextPath();
            super.doFilter(request, response, (rq, rs) -> chain.doFilter(rq, new HttpServletResponseWrapper((HttpServletResponse) rs) {
                @Override
                public String encodeURL(String url) {
                    String path = url.startsWith(context) ? url.substring(context.length()) : url;
                    return STATIC.stream().anyMatch(path::startsWith) ? super.encodeURL(url) : url;
                }
            }));
        }
    }
}
