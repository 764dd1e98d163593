package io.netfence.admin.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;

/** The actor of the current request, from Spring Security's context. */
public final class CurrentActor {

    public static final String ROLE_EDITOR = "ROLE_EDITOR";
    public static final String ROLE_VIEWER = "ROLE_VIEWER";

    private CurrentActor() {
    }

    public static Actor get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            throw new IllegalStateException("no authenticated user in this request");
        }
        if (auth.getPrincipal() instanceof Actor actor) {
            return actor;
        }
        boolean editor = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(ROLE_EDITOR::equals);
        return new Actor(auth.getName(), List.of(), Actor.Source.FORM, editor);
    }
}
