package io.netfence.admin.security;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.Collection;
import java.util.List;

/**
 * Maps an SSO user's groups claim to the console role: a member of an editor group is an editor, of a viewer group a
 * viewer; anyone else is refused at login with a message naming their groups and the setting that grants access.
 */
class OidcRoleMapper implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final ConsoleSecurityProperties.Oidc oidc;

    OidcRoleMapper(ConsoleSecurityProperties.Oidc oidc) {
        this.oidc = oidc;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        List<String> groups = groups(user.getClaims().get(oidc.groupsClaim()));
        String name = user.getPreferredUsername() != null ? user.getPreferredUsername() : user.getSubject();
        boolean editor = groups.stream().anyMatch(oidc.editorGroups()::contains);
        boolean viewer = editor || groups.stream().anyMatch(oidc.viewerGroups()::contains);
        if (!viewer) {
            throw new OAuth2AuthenticationException(new OAuth2Error("access_denied", "Signed in at the SSO provider as " + name
                    + ", but none of your groups " + groups + " (claim '" + oidc.groupsClaim() + "') has a console role."
                    + " Ask an administrator to add you to one of the groups in netfence.console.oidc.editor-groups or viewer-groups.",
                    null));
        }
        Actor actor = new Actor(name, groups, Actor.Source.OIDC, editor);
        var authorities = List.of(new SimpleGrantedAuthority(editor ? CurrentActor.ROLE_EDITOR : CurrentActor.ROLE_VIEWER));
        return new ConsoleOidcUser(authorities, user.getIdToken(), user.getUserInfo(), "sub", actor);
    }

    private static List<String> groups(Object claim) {
        if (claim instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String s && !s.isBlank()) {
            return List.of(s.split("[,\\s]+"));
        }
        return List.of();
    }
}
