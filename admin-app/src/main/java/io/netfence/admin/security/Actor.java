package io.netfence.admin.security;

import java.util.List;

/**
 * Who performs a request: a console user (form login or SSO) or the subject of a Kubernetes token. Writes are
 * authorized for an actor ({@link WriteAccess}) and recorded under its name (audit).
 *
 * @param name   the user name or the token's subject ({@code system:serviceaccount:ci:deployer})
 * @param groups groups from SSO or the TokenReview (used for impersonation)
 * @param source how the actor authenticated
 * @param editor whether the console role allows writes (token actors are decided by a SubjectAccessReview instead)
 */
public record Actor(String name, List<String> groups, Source source, boolean editor) {

    public enum Source { FORM, OIDC, TOKEN, SYSTEM }

    public Actor {
        groups = List.copyOf(groups);
    }

    /** The console itself (startup, demo seeding, tests that call services directly). */
    public static final Actor SYSTEM = new Actor("netfence-console", List.of(), Source.SYSTEM, true);
}
