package io.netfence.admin.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.Optional;

/** The actor of the current request, from Spring Security's context. */
public final class CurrentActor {

    public static final String ROLE_EDITOR = "ROLE_EDITOR";
    public static final String ROLE_VIEWER = "ROLE_VIEWER";

    private CurrentActor() {
    }

    public static Actor get() {
        return find().orElseThrow(() -> new IllegalStateException("no authenticated user in this request"));
    }

    /** The actor, or empty for an anonymous request (the login page, static resources). */
    public static Optional<Actor> find() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        if (auth.getPrincipal() instanceof Actor actor) {
            return Optional.of(actor);
        }
        if (auth.getPrincipal() instanceof ConsoleOidcUser user) {
            return Optional.of(user.actor());
        }
        boolean editor = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(ROLE_EDITOR::equals);
        return Optional.of(new Actor(auth.getName(), List.of(), Actor.Source.FORM, editor));
    }
}
