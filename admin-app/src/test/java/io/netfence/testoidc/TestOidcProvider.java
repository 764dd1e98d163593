package io.netfence.testoidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An OpenID Connect provider for the SSO tests: Spring Authorization Server with three users (password
 * {@code <name>-password}) and a {@code groups} claim in the ID token. It lives outside io.netfence.admin so the
 * console's component scan never picks it up; a test starts it as its own SpringApplication.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class TestOidcProvider {

    public static final Map<String, List<String>> GROUPS = Map.of(
            "alice", List.of("platform-admins", "developers"), "carol", List.of("support"), "bob", List.of("marketing"));

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(as -> {
                    http.securityMatcher(as.getEndpointsMatcher());
                    as.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain login(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(GROUPS.keySet().stream()
                .map(u -> User.withUsername(u).password("{noop}" + u + "-password").roles("USER").build()).toList());
    }

    @Bean
    InMemoryRegisteredClientRepository clients() {
        // the console's registration (its redirect URI needs the console's port) is saved by the test
        return new InMemoryRegisteredClientRepository(RegisteredClient.withId("placeholder").clientId("placeholder")
                .clientSecret("{noop}unused").authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build());
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> groupsClaim() {
        return context -> {
            if ("id_token".equals(context.getTokenType().getValue())) {
                context.getClaims().claim("groups", GROUPS.getOrDefault(context.getPrincipal().getName(), List.of()));
            }
        };
    }

    @Bean
    JWKSource<SecurityContext> keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString()).build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    AuthorizationServerSettings settings() {
        return AuthorizationServerSettings.builder().build();
    }
}
