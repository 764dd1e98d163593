package io.netfence.admin.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

/** SSO: the provider named by {@code netfence.console.oidc.issuer-uri}, discovered at startup, as registration "sso". */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "netfence.console.oidc", name = "issuer-uri")
class OidcClientConfiguration {

    static final String REGISTRATION = "sso";

    @Bean
    ClientRegistrationRepository ssoRegistration(ConsoleSecurityProperties properties) {
        ConsoleSecurityProperties.Oidc oidc = properties.oidc();
        if (oidc.clientId() == null || oidc.clientId().isBlank()) {
            throw new IllegalStateException("netfence.console.oidc.issuer-uri is set but netfence.console.oidc.client-id is not");
        }
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(oidc.issuerUri())
                .registrationId(REGISTRATION)
                .clientId(oidc.clientId())
                .clientSecret(oidc.clientSecret())
                .scope(oidc.scopes())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }
}
