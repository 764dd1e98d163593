package io.netfence.admin.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Who may log in to the console ({@code netfence.console.*}): local users with bcrypt hashes, and/or SSO with
 * OpenID Connect, and whether writes impersonate the logged-in user. See docs/security.md.
 *
 * @param users       local users (form login); none outside the demo unless configured
 * @param oidc        single sign-on; active when {@code issuer-uri} is set
 * @param impersonate writes carry Impersonate-User/Impersonate-Group of the actor, so the cluster's RBAC decides
 */
@ConfigurationProperties("netfence.console")
public record ConsoleSecurityProperties(@DefaultValue List<User> users, @DefaultValue Oidc oidc, boolean impersonate) {

    public enum Role { VIEWER, EDITOR }

    /**
     * @param name     the login name
     * @param password the bcrypt hash ({@code $2a$...}, e.g. from {@code htpasswd -nbBC 10 "" secret | cut -c2-}),
     *                 optionally prefixed {@code {bcrypt}}
     * @param role     viewer or editor
     */
    public record User(String name, String password, Role role) {
    }

    /**
     * @param issuerUri     the provider's issuer (its {@code /.well-known/openid-configuration} is read at startup)
     * @param clientId      the console's client id at the provider
     * @param clientSecret  its secret
     * @param scopes        requested scopes; the groups claim must be in the ID token or the user info
     * @param groupsClaim   the claim listing the user's groups
     * @param editorGroups  members of any of these are editors
     * @param viewerGroups  members of any of these (and not of an editor group) are viewers; anyone else is refused
     */
    public record Oidc(String issuerUri, String clientId, String clientSecret,
                       @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
                       @DefaultValue("groups") String groupsClaim,
                       @DefaultValue List<String> editorGroups, @DefaultValue List<String> viewerGroups) {

        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }
}
