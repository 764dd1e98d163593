package io.netfence.admin.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import java.util.Collection;

/** A user logged in through SSO, with the console role its groups map to. */
final class ConsoleOidcUser extends DefaultOidcUser {

    private final Actor actor;

    ConsoleOidcUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
                    String nameAttribute, Actor actor) {
        super(authorities, idToken, userInfo, nameAttribute);
        this.actor = actor;
    }

    Actor actor() {
        return actor;
    }

    @Override
    public String getName() {
        return actor.name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsoleOidcUser other && super.equals(o) && actor.equals(other.actor);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + actor.hashCode();
    }
}
