package io.netfence.admin.security;

import io.netfence.admin.cluster.ConsoleMode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may use the console: form login (local users, {@link ConsoleUsers}) and SSO for people, Kubernetes bearer
 * tokens for scripts on the API (stateless, {@link BearerTokenFilter}). Pages need a login (redirect to /login), the
 * API and actuator answer 401/403 as JSON. CSRF protection (session-stored token) on every cookie-authenticated
 * state-changing request; a strict CSP and the usual security headers on every response.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleSecurityProperties.class)
class SecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
            + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    BCryptPasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    UserDetailsService consoleUsers(ConsoleSecurityProperties properties, ConsoleMode mode, BCryptPasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(ConsoleUsers.of(properties, mode, encoder));
    }

    /** Scripts: {@code Authorization: Bearer} on /api and /actuator, checked by a TokenReview; no session, no CSRF. */
    @Bean
    @Order(1)
    SecurityFilterChain bearerTokens(HttpSecurity http, TokenReviewer reviewer) throws Exception {
        http.securityMatcher(BearerTokenFilter.BEARER_API)
                .addFilterBefore(new BearerTokenFilter(reviewer), BasicAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new NullSecurityContextRepository()))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .csrf(c -> c.disable())
                .anonymous(a -> a.disable())
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("VIEWER"))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> ApiErrors.send(res, 401, "A bearer token is required."))
                        .accessDeniedHandler((req, res, ex) -> ApiErrors.send(res, 403, ex.getMessage())));
        headers(http);
        return http.build();
    }

    /** People: form login and SSO, with a session. */
    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, ConsoleSecurityProperties properties,
                                ObjectProvider<ClientRegistrationRepository> sso,
                                Environment environment) throws Exception {
        // a separate management port (management.server.port) is for the Prometheus scrape inside the cluster:
        // there, and only there, /actuator/prometheus needs no login (local.management.port: the port it listens on)
        // (with one port for all, Boot aliases local.management.port to local.server.port: then nothing is open)
        RequestMatcher scrapeOnManagementPort = request -> {
            Integer management = environment.getProperty("local.management.port", Integer.class);
            return "/actuator/prometheus".equals(request.getRequestURI()) && management != null && request.getLocalPort() == management
                    && !management.equals(environment.getProperty("local.server.port", Integer.class));
        };
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/css/**", "/js/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(scrapeOnManagementPort).permitAll()
                        .anyRequest().hasAnyRole("VIEWER", "EDITOR"))
                .formLogin(f -> f.loginPage("/login").failureUrl("/login?error"))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor((req, res, ex) -> ApiErrors.send(res, 401,
                                "Log in first, or send a Kubernetes token as 'Authorization: Bearer <token>'."), ApiErrors.API)
                        // an htmx request after the session expired: htmx sends the whole page to the login page
                        .defaultAuthenticationEntryPointFor((req, res, ex) -> {
                            res.setHeader("HX-Redirect", req.getContextPath() + "/login");
                            res.setStatus(401);
                        }, request -> "true".equals(request.getHeader("HX-Request")))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                        .defaultAccessDeniedHandlerFor((req, res, ex) -> ApiErrors.send(res, 403, ex.getMessage()), ApiErrors.API)
                        .defaultAccessDeniedHandlerFor(new AccessDeniedHandlerImpl(), request -> true));
        if (properties.oidc().enabled() && sso.getIfAvailable() != null) {
            http.oauth2Login(o -> o.loginPage("/login").failureUrl("/login?error")
                    .userInfoEndpoint(u -> u.oidcUserService(new OidcRoleMapper(properties.oidc()))));
        }
        headers(http);
        return http.build();
    }

    private static void headers(HttpSecurity http) throws Exception {
        http.headers(h -> h
                .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(f -> f.deny()));
    }
}
